import Foundation

/// References between resources and to files: every name must exist, every file must
/// be inside the configuration directory.
struct ReferenceRules {
    func run(_ context: inout RuleContext) {
        let configuration = context.configuration
        let senders = configuration.senders.map(\.header.name)
        let flows = configuration.flows.map(\.header.name)
        for campaign in configuration.campaigns {
            check(campaign.senders, among: senders, kind: "sender", code: .unknownSender, from: campaign.header, field: "senders", &context)
        }
        for list in configuration.broadcastLists {
            check([list.sender], among: senders, kind: "sender", code: .unknownSender, from: list.header, field: "sender", &context)
        }
        for reply in configuration.autoReplies {
            check(reply.senders ?? [], among: senders, kind: "sender", code: .unknownSender, from: reply.header, field: "senders", &context)
            if reply.condition.value == .outsideBusinessHours, configuration.settings.businessHours == nil {
                context.error(
                    .missingSetting, "'outside-business-hours' needs business hours, and Settings has none", at: reply.condition.location,
                    length: reply.condition.value.rawValue.count, resource: reply.header, fieldPath: "when",
                    help: "add `businessHours: { days: mon-fri, from: \"09:00\", to: \"18:00\" }` to the Settings document")
            }
        }
        for flow in configuration.flows {
            check(flow.senders ?? [], among: senders, kind: "sender", code: .unknownSender, from: flow.header, field: "senders", &context)
            for node in flow.nodes {
                guard case .goto(let target) = node.action else { continue }
                check([target], among: flows, kind: "flow", code: .unknownFlow, from: flow.header, field: "nodes.\(node.name.value).goto", &context)
            }
        }
        for header in configuration.headers {
            for path in context.deferred(header, [.path]) {
                checkFile(path, from: header, &context)
            }
        }
    }

    private func check(
        _ references: [Located<String>], among names: [String], kind: String, code: Diagnostic.Code,
        from header: ResourceHeader, field: String, _ context: inout RuleContext
    ) {
        for reference in references where !names.contains(reference.value) {
            let help =
                Suggestion.help(for: reference.value, among: names)
                ?? (names.isEmpty
                    ? "there is no \(kind) in this configuration" : "known \(kind)s: " + names.sorted().prefix(8).joined(separator: ", "))
            context.error(
                code, "\(header.kind.rawValue) '\(header.name)' refers to \(kind) '\(reference.value)', which does not exist",
                at: reference.location, length: reference.value.count, resource: header, fieldPath: field, help: help)
        }
    }

    /// A path must stay inside the configuration (it is a git checkout) and name a file.
    private func checkFile(_ path: TemplateText, from header: ResourceHeader, _ context: inout RuleContext) {
        let normalized = (path.text as NSString).standardizingPath
        if path.text.hasPrefix("/") || normalized == ".." || normalized.hasPrefix("../") {
            context.error(
                .pathOutsideDirectory, "'\(path.text)' is outside the configuration directory", at: path.location, length: path.text.count,
                resource: header, fieldPath: path.fieldPath,
                help: "keep the file in the configuration (for example under contacts/) and write its path relative to it")
            return
        }
        var isDirectory: ObjCBool = false
        let url = context.directoryURL.appendingPathComponent(path.text)
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            let folder = (path.text as NSString).deletingLastPathComponent
            let siblings = (try? FileManager.default.contentsOfDirectory(atPath: context.directoryURL.appendingPathComponent(folder).path)) ?? []
            let suggestion = Suggestion.closest(to: (path.text as NSString).lastPathComponent, among: siblings)
            context.error(
                .missingFile, "the file '\(path.text)' does not exist", at: path.location, length: path.text.count, resource: header,
                fieldPath: path.fieldPath,
                help: suggestion.map { "did you mean '\(folder.isEmpty ? $0 : folder + "/" + $0)'?" }
                    ?? "paths are relative to the configuration directory")
            return
        }
    }
}
