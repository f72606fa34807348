import Templates

/// Template rules: syntax, namespaces, known variables, and contact columns that the
/// contact source must provide.
struct TemplateRules {
    /// The variables each namespace is known to hold; nil means any key.
    private static let members: [String: [String]?] = [
        "contact": nil,
        "vars": nil,
        "flow": ["message", "httpResponse", "httpStatus"],
        "sender": ["name", "phone"],
        "http": ["status", "headers", "body"],
    ]

    func run(_ context: inout RuleContext) {
        let configuration = context.configuration
        var assignedByFlow: [String: Set<String>] = [:]
        for flow in configuration.flows { assignedByFlow[flow.header.documentKey] = Self.assignedVariables(flow) }
        for header in configuration.headers {
            let key = header.documentKey
            let namespaces = Self.namespaces(for: header.kind)
            let contacts = context.contactSummaries[key]
            let assigned = assignedByFlow[key]
            for scalar in context.deferredScalars(header, [.template, .templateURL]) {
                guard let result = scalar.template else { continue }
                let text = scalar.value
                for issue in result.issues {
                    context.error(
                        Diagnostic.Code(rawValue: issue.code.rawValue), issue.summary.sentenceCased,
                        at: text.location(ofCharacterAt: issue.range.lowerBound), length: text.width(of: issue.range), resource: header,
                        fieldPath: text.fieldPath, help: issue.help?.sentenceCased)
                }
                for insertion in result.template.insertions {
                    check(insertion, in: text, header: header, namespaces: namespaces, contacts: contacts, assigned: assigned, &context)
                }
            }
        }
    }

    private func check(
        _ insertion: Insertion, in text: TemplateText, header: ResourceHeader, namespaces: [String],
        contacts: ContactSummary?, assigned: Set<String>?, _ context: inout RuleContext
    ) {
        let path = insertion.path
        let location = text.location(ofCharacterAt: insertion.pathRange.lowerBound)
        let length = text.width(of: insertion.pathRange)
        let namespace = path.namespace
        guard namespaces.contains(namespace) else {
            let help: String
            if Self.members[namespace] != nil {
                help = "a \(header.kind.rawValue) knows " + namespaces.map { "'\($0)'" }.joined(separator: ", ")
            } else {
                help =
                    Suggestion.help(for: namespace, among: namespaces) ?? "variables start with "
                    + namespaces.map { "'\($0).'" }.joined(separator: ", ")
            }
            context.error(
                .templateUnknownNamespace, "'\(namespace)' is not a variable namespace here", at: location, length: length,
                resource: header, fieldPath: text.fieldPath, help: help)
            return
        }
        guard path.components.count >= 2, case .key(let member) = path.components[1] else {
            context.error(
                .templateUnknownVariable, "'\(path)' names a whole namespace, not a variable", at: location, length: length,
                resource: header, fieldPath: text.fieldPath,
                help: "name a variable inside it, such as '\(namespace).\((Self.members[namespace] ?? nil)?.first ?? "name")'")
            return
        }
        if let known = Self.members[namespace] ?? nil, !known.contains(member) {
            context.error(
                .templateUnknownVariable, "'\(path)' is not a variable", at: location, length: length, resource: header,
                fieldPath: text.fieldPath,
                help: Suggestion.closest(to: member, among: known).map { "did you mean '\(namespace).\($0)'?" }
                    ?? "\(namespace) holds " + known.map { "'\(namespace).\($0)'" }.joined(separator: ", "))
            return
        }
        if namespace == "vars", let assigned, !assigned.contains(member), !insertion.hasDefault {
            context.warning(
                .templateUnknownVariable, "'vars.\(member)' is never set in this flow, so it renders empty", at: location, length: length,
                resource: header, fieldPath: text.fieldPath,
                help: Suggestion.help(for: member, among: assigned) ?? "save it with a wait, set or http node, or add `| default: \"…\"`")
        }
        if namespace == "contact", let contacts, member != "phone", !insertion.hasDefault {
            if !contacts.columns.contains(member) {
                let help =
                    Suggestion.help(for: member, among: contacts.columns)
                    ?? "add a '\(member)' column to \(contacts.label), or write <<contact.\(member) | default: \"…\">>"
                context.error(
                    .missingColumn, "the contacts in \(contacts.label) have no '\(member)'", at: location, length: length,
                    resource: header, fieldPath: text.fieldPath, help: help)
            } else if let missing = contacts.missingCount[member], missing > 0 {
                context.warning(
                    .missingColumn, "'\(member)' is empty for \(missing) of \(contacts.count) contacts in \(contacts.label)",
                    at: location, length: length, resource: header, fieldPath: text.fieldPath,
                    help: "fill it in, or write <<contact.\(member) | default: \"…\">>")
            }
        }
    }

    static func namespaces(for kind: ResourceKind) -> [String] {
        switch kind {
        case .flow: return ["contact", "flow", "vars", "sender", "http"]
        default: return ["contact", "sender"]
        }
    }

    /// Variables a flow sets anywhere: wait saves, set keys, http saves.
    static func assignedVariables(_ flow: Flow) -> Set<String> {
        var names: Set<String> = []
        for node in flow.nodes {
            switch node.action {
            case .wait(let save, _, _): if let save { names.insert(save) }
            case .set(let assignments): names.formUnion(assignments.keys)
            case .http(let request): names.formUnion(request.save.keys)
            default: break
            }
        }
        return names
    }
}

/// What validation learnt of a resource's contacts.
public struct ContactSummary: Sendable {
    /// The source as a person names it: `contacts/bf.csv` or "the inline list".
    public var label: String
    /// Every column (CSV header or inline key), `name` and `phone` included when present.
    public var columns: [String]
    /// How many contacts lack a value for a column, by column.
    public var missingCount: [String: Int]
    /// How many contacts passed every check.
    public var count: Int
    /// The list's fingerprint (see ``ContactsFingerprint``).
    public var fingerprint: String
}

extension String {
    /// Diagnostics read as continuations of `error:`, so they start in lower case.
    var sentenceCased: String {
        guard let first, first.isUppercase else { return self }
        return first.lowercased() + dropFirst()
    }
}
