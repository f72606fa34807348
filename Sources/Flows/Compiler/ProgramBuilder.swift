import Manifest
import Templates

/// The state of compiling one flow: the numbering of its nodes and the diagnostics so far.
struct ProgramBuilder {
    let flow: Flow
    private(set) var diagnostics: [Diagnostic] = []
    /// Whether to hash the flow into its version; checking alone does not need it.
    var computesVersion = true
    /// Templates the loader already parsed without issues, by source text: compiling
    /// takes them as they are instead of parsing the same text twice.
    var parsedTemplates: [String: Template] = [:]
    /// Nodes in state order (sorted by name); a repeated name keeps its first node.
    let nodes: [FlowNode]
    let numbers: [String: Int]

    init(flow: Flow) {
        self.flow = flow
        var seen: Set<String> = []
        let unique = flow.nodes.filter { seen.insert($0.name.value).inserted }
        nodes = unique.sorted { $0.name.value.unicodeScalars.lexicographicallyPrecedes($1.name.value.unicodeScalars) }
        numbers = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($0.element.name.value, $0.offset) })
    }

    mutating func build() -> Program {
        let start = numbers[flow.start.value]
        if start == nil {
            error(
                .unknownStartNode, "flow '\(flow.header.name)' starts at '\(flow.start.value)', which is not one of its nodes",
                at: flow.start.location, length: flow.start.value.count, field: "start")
        }
        let triggers = flow.triggers.map { trigger in
            CompiledTrigger(
                match: trigger.match, keywords: trigger.keywords.map(\.value),
                patterns: trigger.match == .regex
                    ? trigger.keywords.compactMap { regex($0.value, caseInsensitive: true, at: $0.location, field: "triggers") } : [])
        }
        let states = nodes.enumerated().map { number, node in
            Program.State(number: number, name: node.name.value, instruction: instruction(for: node))
        }
        let senders = flow.senders.map { Array(Set($0.map(\.value))).sorted() }
        return Program(
            name: flow.header.name, version: computesVersion ? FlowVersion.of(flow) : "", senders: senders, isActive: flow.isActive,
            isInterruptible: flow.isInterruptible, isCatchAll: flow.isCatchAll, stepLimit: max(1, flow.stepLimit), triggers: triggers,
            start: start ?? 0, states: states)
    }

    // MARK: Building blocks

    /// Resolves an edge as the validator does: a node of that name, else the reserved `end`.
    mutating func target(_ edge: Located<String>?, from node: FlowNode, label: String) -> Program.Target {
        guard let edge else { return .end }
        if let number = numbers[edge.value] { return .state(number) }
        if edge.value != "end" {
            error(
                .unknownNode, "node '\(node.name.value)' goes to '\(edge.value)', which is not a node of flow '\(flow.header.name)'",
                at: edge.location, length: edge.value.count, field: "nodes.\(node.name.value).\(label)")
        }
        return .end
    }

    /// Parses a template; each syntax problem becomes a diagnostic at the text's position.
    mutating func template(_ source: String, at location: SourceLocation, field: String) -> Template {
        if let parsed = parsedTemplates[source] { return parsed }
        let result = Template.parse(source)
        for issue in result.issues {
            error(Diagnostic.Code(rawValue: issue.code.rawValue), issue.summary, at: location, field: field, help: issue.help)
        }
        return result.template
    }

    mutating func regex(_ pattern: String, caseInsensitive: Bool = false, at location: SourceLocation, field: String) -> CompiledRegex? {
        guard let compiled = CompiledRegex(pattern, caseInsensitive: caseInsensitive) else {
            error(
                .invalidRegex, "'\(pattern)' is not a valid regular expression", at: location, length: pattern.count, field: field,
                help: "patterns are ICU regular expressions; escape ( ) [ ] . * + ? with a backslash")
            return nil
        }
        return compiled
    }

    mutating func error(
        _ code: Diagnostic.Code, _ summary: String, at location: SourceLocation, length: Int = 1, field: String, help: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(.error, code, summary, at: location, length: length, resource: flow.header.id, fieldPath: field, help: help))
    }

    mutating func warning(
        _ code: Diagnostic.Code, _ summary: String, at location: SourceLocation, length: Int = 1, field: String, help: String? = nil
    ) {
        diagnostics.append(
            Diagnostic(.warning, code, summary, at: location, length: length, resource: flow.header.id, fieldPath: field, help: help))
    }
}
