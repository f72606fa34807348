import Templates

extension Program: CustomStringConvertible {
    /// ``dump()``.
    public var description: String { dump() }

    /// A stable, readable listing of the program, for golden tests and `--debug` output.
    ///
    /// One header block (name, version, options, triggers, start), then every state by
    /// number with its instruction and resolved edges. Texts are double-quoted, with backslashes, quotes and control characters escaped.
    public func dump() -> String {
        var lines = ["program \(name)", "version \(version)"]
        lines.append("senders " + (senders.map { $0.joined(separator: ", ") } ?? "*"))
        lines.append("active \(isActive), interruptible \(isInterruptible), catch-all \(isCatchAll), step limit \(stepLimit)")
        for trigger in triggers {
            lines.append("trigger \(trigger.match.rawValue): " + trigger.keywords.map(quoted).joined(separator: ", "))
        }
        lines.append("start \(label(.state(start)))")
        for state in states {
            lines.append("")
            lines.append("#\(state.number) \(state.name)")
            lines += describe(state.instruction).map { "  " + $0 }
            for edge in state.instruction.edges { lines.append("  \(edge.label) -> \(label(edge.target))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func label(_ target: Target) -> String {
        guard case .state(let number) = target, states.indices.contains(number) else { return target.description }
        return "#\(number) \(states[number].name)"
    }

    private func describe(_ instruction: Instruction) -> [String] {
        switch instruction {
        case .send(let message, _):
            return ["send"] + describe(message).map { "  " + $0 }
        case .wait(let wait):
            var line = "wait"
            if let save = wait.save { line += " save \(save)" }
            if let timeout = wait.timeout { line += " timeout \(DurationText.format(timeout))" }
            guard let rule = wait.validation else { return [line] }
            var check = "  validate \(rule.kind.rawValue), attempts \(rule.attempts)"
            if let pattern = rule.pattern { check += ", pattern \(quoted(pattern.pattern))" }
            if !rule.choices.isEmpty {
                check +=
                    ", choices "
                    + rule.choices.map { choice in
                        choice.aliases.isEmpty ? quoted(choice.id) : "\(quoted(choice.id)) (\(choice.aliases.map(quoted).joined(separator: ", ")))"
                    }.joined(separator: ", ")
            }
            return [line, check] + (rule.reprompt.map { ["  reprompt \(quoted($0))"] } ?? [])
        case .branch(let branch):
            return ["branch on \(quoted(branch.value))"]
                + branch.cases.enumerated().map { index, branchCase in "  cases[\(index)] \(describe(branchCase.condition))" }
        case .set(let assignments, _):
            return ["set"] + assignments.map { "  \($0.variable) = \(quoted($0.value))" }
        case .delay(let duration, _):
            return ["delay \(DurationText.format(duration))"]
        case .http(let http):
            var lines = ["http \(http.method) \(quoted(http.url))", "  timeout \(DurationText.format(http.timeout)), retries \(http.retries)"]
            for header in http.headers { lines.append("  header \(header.name): \(describe(header.parts))") }
            if let body = http.body { lines.append("  body \(describe(body))") }
            for save in http.save { lines.append("  save \(save.variable) <- \(save.path)") }
            return lines
        case .handoff(let duration, let note):
            return ["handoff for \(DurationText.format(duration))" + (note.map { ", note \(quoted($0))" } ?? "")]
        case .goto(let flow):
            return ["goto flow \(flow)"]
        case .end:
            return ["end"]
        }
    }

    private func describe(_ message: MessageTemplate) -> [String] {
        var lines: [String] = []
        if let text = message.text { lines.append("text \(quoted(text))") }
        if let call = message.whatsApp {
            lines.append("template \(call.name) (\(call.language))")
            if !call.header.isEmpty { lines.append("  header " + call.header.map(quoted).joined(separator: ", ")) }
            if !call.parameters.isEmpty { lines.append("  parameters " + call.parameters.map(quoted).joined(separator: ", ")) }
            if !call.buttons.isEmpty { lines.append("  buttons " + call.buttons.map(quoted).joined(separator: ", ")) }
        }
        if let media = message.media {
            var line = "media \(media.kind.rawValue) \(quoted(media.url))"
            if let caption = media.caption { line += ", caption \(quoted(caption))" }
            if let filename = media.filename { line += ", filename \(quoted(filename))" }
            lines.append(line)
        }
        for button in message.buttons { lines.append("button \(quoted(button.id)): \(quoted(button.title))") }
        if let list = message.list {
            lines.append("list \(quoted(list.button))")
            for section in list.sections {
                lines.append("  section" + (section.title.map { " \(quoted($0))" } ?? ""))
                for row in section.rows {
                    lines.append("    row \(quoted(row.id)): \(quoted(row.title))" + (row.description.map { " - \(quoted($0))" } ?? ""))
                }
            }
        }
        return lines
    }

    private func describe(_ condition: BranchCondition) -> String {
        switch condition {
        case .equals(let text): "equals \(quoted(text))"
        case .contains(let text): "contains \(quoted(text))"
        case .regex(let pattern): "regex \(quoted(pattern.pattern))"
        case .range(let min, let max): "range \(min.map { "\($0)" } ?? "-inf")...\(max.map { "\($0)" } ?? "+inf")"
        case .hasValue(let expected): "has value \(expected)"
        }
    }

    private func describe(_ parts: [HeaderTemplate.Part]) -> String {
        parts.map { part in
            switch part {
            case .template(let template): quoted(template)
            case .secret(let reference): "secret \(reference)"
            }
        }.joined(separator: " + ")
    }

    private func describe(_ body: BodyTemplate) -> String {
        switch body {
        case .literal(let literal): literal
        case .string(let template): quoted(template)
        case .value(let template): "value \(quoted(template))"
        case .array(let items): "[" + items.map(describe).joined(separator: ", ") + "]"
        case .object(let members): "{" + members.map { "\(quoted($0.key)): \(describe($0.value))" }.joined(separator: ", ") + "}"
        }
    }

    private func quoted(_ template: Template) -> String { quoted(template.source) }

    /// `text` in double quotes, with backslashes, quotes and control characters escaped.
    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
