import Templates

extension Run {
    /// Renders a `send` node's message; values inserted into the media link are percent-encoded.
    mutating func render(_ message: MessageTemplate) -> OutgoingMessage {
        var outgoing = OutgoingMessage(text: message.text.map { render($0) })
        if let call = message.whatsApp {
            outgoing.whatsApp = OutgoingMessage.WhatsApp(
                name: call.name, language: call.language, parameters: call.parameters.map { render($0) },
                header: call.header.map { render($0) }, buttons: call.buttons.map { render($0) })
        }
        if let media = message.media {
            outgoing.media = OutgoingMessage.Media(
                kind: media.kind, url: render(media.url, escaping: .urlComponent), caption: media.caption.map { render($0) },
                filename: media.filename.map { render($0) })
        }
        outgoing.buttons = message.buttons.map { OutgoingMessage.Button(id: $0.id, title: render($0.title)) }
        if let list = message.list {
            outgoing.list = OutgoingMessage.List(
                button: render(list.button),
                sections: list.sections.map { section in
                    OutgoingMessage.Section(
                        title: section.title.map { render($0) },
                        rows: section.rows.map { row in
                            OutgoingMessage.Row(id: row.id, title: render(row.title), description: row.description.map { render($0) })
                        })
                })
        }
        return outgoing
    }

    /// Renders an `http` node's request.
    mutating func render(_ http: HTTPInstruction, id: Int) -> HTTPCall {
        var headers = http.headers.map { header in
            HTTPCall.Header(name: header.name, value: render(header))
        }
        let body = http.body.map { body -> String in
            var output = ""
            write(body, to: &output)
            return output
        }
        if body != nil, !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append(HTTPCall.Header(name: "Content-Type", value: HeaderValue(parts: [.text("application/json")])))
            headers.sort { $0.name.lowercased() < $1.name.lowercased() }
        }
        return HTTPCall(
            id: id, method: http.method, url: render(http.url, escaping: .urlComponent), headers: headers, body: body,
            timeout: http.timeout, retries: http.retries)
    }

    /// Renders a header; line breaks in inserted values become spaces so they cannot add headers.
    private mutating func render(_ header: HeaderTemplate) -> HeaderValue {
        var parts: [HeaderValue.Part] = []
        for part in header.parts {
            switch part {
            case .secret(let reference):
                parts.append(.secret(reference))
            case .template(let template):
                let text = String(render(template).map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
                if case .text(let previous)? = parts.last {
                    parts[parts.count - 1] = .text(previous + text)
                } else if !text.isEmpty {
                    parts.append(.text(text))
                }
            }
        }
        return HeaderValue(parts: parts)
    }

    /// Writes a JSON body: texts rendered then escaped as a whole, so quotes in the template's
    /// own text and in inserted values alike stay inside the string.
    private mutating func write(_ body: BodyTemplate, to output: inout String) {
        switch body {
        case .literal(let literal):
            output += literal
        case .string(let template):
            output += TemplateValue.string(render(template)).jsonText
        case .value(let template):
            output += render(template, escaping: .jsonString)
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                write(item, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += "," }
                output += TemplateValue.string(member.key).jsonText + ":"
                write(member.value, to: &output)
            }
            output += "}"
        }
    }
}
