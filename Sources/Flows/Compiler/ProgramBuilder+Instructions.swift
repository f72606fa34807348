import Foundation
import Manifest
import Templates

extension ProgramBuilder {
    /// Compiles a node's action and edges.
    mutating func instruction(for node: FlowNode) -> Instruction {
        let path = "nodes.\(node.name.value).\(node.action.keyword)"
        let at = node.actionLocation
        switch node.action {
        case .send(let content, let buttons, let list):
            let message = messageTemplate(content, buttons: buttons, list: list, at: at, field: path)
            return .send(message, next: target(node.next, from: node, label: "next"))
        case .wait(let save, let timeout, let validation):
            return .wait(
                WaitInstruction(
                    save: save, timeout: timeout, validation: validation.map { replyRule($0, for: node, at: at, field: path) },
                    next: target(node.next, from: node, label: "next"),
                    timeoutTarget: node.timeout.map { target($0, from: node, label: "timeout") }))
        case .branch(let branch):
            return .branch(branchInstruction(branch, for: node, at: at, field: path))
        case .set(let values):
            let assignments = values.sorted { $0.key < $1.key }.map { variable, source in
                Assignment(variable: variable, value: template(source, at: at, field: "\(path).\(variable)"))
            }
            return .set(assignments, next: target(node.next, from: node, label: "next"))
        case .delay(let duration):
            return .delay(duration, next: target(node.next, from: node, label: "next"))
        case .http(let request):
            return .http(httpInstruction(request, for: node, at: at, field: path))
        case .handoff(let duration, let note):
            return .handoff(duration: duration, note: note.map { template($0, at: at, field: "\(path).note") })
        case .goto(let flow):
            return .goto(flow: flow.value)
        case .end:
            return .end
        }
    }

    private mutating func messageTemplate(
        _ content: MessageContent, buttons: [Button], list: ListMessage?, at location: SourceLocation, field: String
    ) -> MessageTemplate {
        let whatsApp = content.template.map { call in
            MessageTemplate.WhatsApp(
                name: call.name, language: call.language,
                parameters: call.parameters.map { template($0, at: location, field: "\(field).template.parameters") },
                header: call.header.map { template($0, at: location, field: "\(field).template.header") },
                buttons: call.buttons.map { template($0, at: location, field: "\(field).template.buttons") })
        }
        let media = content.media.map { media in
            MessageTemplate.Media(
                kind: media.kind, url: template(media.url, at: location, field: "\(field).media.url"),
                caption: media.caption.map { template($0, at: location, field: "\(field).media.caption") },
                filename: media.filename.map { template($0, at: location, field: "\(field).media.filename") })
        }
        let compiledButtons = buttons.map { button in
            MessageTemplate.Button(id: button.id, title: template(button.title.value, at: button.title.location, field: "\(field).buttons"))
        }
        let compiledList = list.map { list in
            MessageTemplate.List(
                button: template(list.button.value, at: list.button.location, field: "\(field).list.button"),
                sections: list.sections.map { section in
                    MessageTemplate.Section(
                        title: section.title.map { template($0, at: list.location, field: "\(field).list.sections") },
                        rows: section.rows.map { row in
                            MessageTemplate.Row(
                                id: row.id, title: template(row.title.value, at: row.title.location, field: "\(field).list.sections"),
                                description: row.description.map { template($0.value, at: $0.location, field: "\(field).list.sections") })
                        })
                })
        }
        return MessageTemplate(
            text: content.text.map { template($0, at: location, field: "\(field).text") }, whatsApp: whatsApp, media: media,
            buttons: compiledButtons, list: compiledList)
    }

    private mutating func replyRule(_ validation: ReplyValidation, for node: FlowNode, at location: SourceLocation, field: String)
        -> ReplyRule
    {
        var choices: [ChoiceOption] = []
        if validation.kind == .choice {
            if let explicit = validation.choices {
                choices = explicit.map { ChoiceOption(id: $0, aliases: []) }
            } else {
                choices = offeredChoices(before: node)
                if choices.isEmpty {
                    warning(
                        .missingField, "this wait checks for a choice, but no choices are listed and no send before it has buttons or a list",
                        at: location, length: 4, field: "\(field).validate.choices",
                        help: "list the accepted replies in `choices:`; until then every reply passes")
                }
            }
        }
        var pattern: CompiledRegex?
        if validation.kind == .regex {
            if let source = validation.pattern {
                pattern = regex(source, at: location, field: "\(field).validate.pattern")
            } else {
                warning(
                    .missingField, "this wait checks replies against a pattern but has none", at: location, length: 4,
                    field: "\(field).validate.pattern", help: "add `pattern:`; until then every reply passes")
            }
        }
        return ReplyRule(
            kind: validation.kind, pattern: pattern, choices: choices,
            reprompt: validation.reprompt.map { template($0, at: location, field: "\(field).validate.reprompt") },
            attempts: max(1, validation.attempts))
    }

    /// The buttons and list rows of the `send` nodes whose `next` is `node`, in state order,
    /// each id once; a constant title is accepted as a typed answer too.
    private func offeredChoices(before node: FlowNode) -> [ChoiceOption] {
        var options: [ChoiceOption] = []
        var seen: Set<String> = []
        func offer(_ id: String, title: String) {
            guard seen.insert(id).inserted else { return }
            options.append(ChoiceOption(id: id, aliases: title.contains("<<") ? [] : [title]))
        }
        for candidate in nodes where candidate.next?.value == node.name.value {
            guard case .send(_, let buttons, let list) = candidate.action else { continue }
            for button in buttons { offer(button.id, title: button.title.value) }
            for row in list?.sections.flatMap(\.rows) ?? [] { offer(row.id, title: row.title.value) }
        }
        return options
    }

    private mutating func branchInstruction(_ branch: Branch, for node: FlowNode, at location: SourceLocation, field: String)
        -> BranchInstruction
    {
        let cases = branch.cases.enumerated().map { index, branchCase -> BranchCase in
            let casePath = "\(field).cases[\(index)]"
            let condition: BranchCondition
            switch branchCase.condition {
            case .equals(let text):
                condition = .equals(template(text, at: branchCase.next.location, field: "\(casePath).equals"))
            case .contains(let text):
                condition = .contains(template(text, at: branchCase.next.location, field: "\(casePath).contains"))
            case .regex(let pattern):
                // An invalid pattern is an error, so the program is never built; the case is moot.
                condition = regex(pattern, at: branchCase.next.location, field: "\(casePath).regex").map(BranchCondition.regex) ?? .hasValue(false)
            case .range(let min, let max):
                condition = .range(min: min, max: max)
            case .hasValue(let expected):
                condition = .hasValue(expected)
            }
            return BranchCase(condition: condition, next: target(branchCase.next, from: node, label: "cases[\(index)].next"))
        }
        return BranchInstruction(
            value: template(branch.value, at: location, field: "\(field).value"), cases: cases,
            defaultTarget: target(branch.defaultTarget, from: node, label: "default"))
    }

    private mutating func httpInstruction(_ request: HTTPRequest, for node: FlowNode, at location: SourceLocation, field: String)
        -> HTTPInstruction
    {
        let headers = request.headers.sorted { $0.key.lowercased() < $1.key.lowercased() }.map { name, value in
            HeaderTemplate(name: name, parts: headerParts(value, at: location, field: "\(field).headers.\(name)"))
        }
        let save = request.save.sorted { $0.key < $1.key }.map { ResponseSave(variable: $0.key, path: ResponsePath($0.value)) }
        return HTTPInstruction(
            method: request.method.uppercased(), url: template(request.url, at: location, field: "\(field).url"), headers: headers,
            body: request.body.map { body($0, at: location, field: "\(field).body") }, timeout: request.timeout,
            retries: max(0, request.retries), save: save, next: target(node.next, from: node, label: "next"),
            errorTarget: node.error.map { target($0, from: node, label: "error") })
    }

    /// Splits a header value at the secret references written in it.
    private mutating func headerParts(_ source: String, at location: SourceLocation, field: String) -> [HeaderTemplate.Part] {
        var parts: [HeaderTemplate.Part] = []
        var rest = Substring(source)
        while let open = rest.range(of: "${") {
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { break }
            let reference = String(rest[open.lowerBound...close])
            switch SecretReference.parse(reference, field: field) {
            case .success(let secret):
                if open.lowerBound > rest.startIndex {
                    parts.append(.template(template(String(rest[..<open.lowerBound]), at: location, field: field)))
                }
                parts.append(.secret(secret))
            case .failure(let problem):
                error(.invalidSecretReference, problem.message, at: location, field: field, help: problem.help)
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty || parts.isEmpty { parts.append(.template(template(String(rest), at: location, field: field))) }
        return parts
    }

    private mutating func body(_ value: SpecValue, at location: SourceLocation, field: String) -> BodyTemplate {
        switch value {
        case .null:
            return .literal("null")
        case .scalar(let text):
            if !text.contains("<<"), JSONLiteral.isLiteral(text) { return .literal(text) }
            let compiled = template(text, at: location, field: field)
            if case .insertion(let insertion)? = compiled.segments.first, compiled.segments.count == 1, insertion.filters.last == .json {
                return .value(compiled)
            }
            return .string(compiled)
        case .list(let items):
            return .array(items.enumerated().map { body($0.element, at: location, field: "\(field)[\($0.offset)]") })
        case .map(let entries):
            return .object(entries.map { BodyTemplate.Member(key: $0.key, value: body($0.value, at: location, field: "\(field).\($0.key)")) })
        }
    }
}
