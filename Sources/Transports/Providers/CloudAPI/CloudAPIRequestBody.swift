/// The JSON bodies of the Cloud API's `POST /{phone-number-id}/messages`.
///
/// Keys are sorted when encoded (``JSONValue/data``), so equal messages give equal bytes.
enum CloudAPIRequestBody {
    /// The body that sends `message`.
    static func message(_ message: OutboundMessage) -> JSONValue {
        var body: [String: JSONValue] = [
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": .string(message.to),
        ]
        if let replyTo = message.replyTo {
            body["context"] = ["message_id": .string(replyTo)]
        }
        let (type, payload) = content(message.content)
        body["type"] = .string(type)
        body[type] = payload
        return .object(body)
    }

    /// The body that marks `messageID` read, and shows "typing…" when asked.
    static func markRead(messageID: String, showTyping: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "messaging_product": "whatsapp",
            "status": "read",
            "message_id": .string(messageID),
        ]
        if showTyping {
            body["typing_indicator"] = ["type": "text"]
        }
        return .object(body)
    }

    /// The message `type` and the object stored under that key.
    private static func content(_ content: MessageContent) -> (String, JSONValue) {
        switch content {
        case .text(let text, let previewURL):
            return ("text", ["body": .string(text), "preview_url": .bool(previewURL)])
        case .template(let template):
            return ("template", self.template(template))
        case .media(let media):
            var object: [String: JSONValue] = ["link": .string(media.link)]
            // WhatsApp shows no caption under audio and refuses one.
            if let caption = media.caption, media.kind != .audio {
                object["caption"] = .string(caption)
            }
            if let filename = media.filename, media.kind == .document {
                object["filename"] = .string(filename)
            }
            return (media.kind.rawValue, .object(object))
        case .buttons(let body, let buttons):
            let replies: [JSONValue] = buttons.map { button in
                ["type": "reply", "reply": ["id": .string(button.id), "title": .string(button.title)]]
            }
            return ("interactive", ["type": "button", "body": ["text": .string(body)], "action": ["buttons": .array(replies)]])
        case .list(let body, let buttonLabel, let sections):
            let sections: [JSONValue] = sections.map(section)
            return (
                "interactive",
                ["type": "list", "body": ["text": .string(body)], "action": ["button": .string(buttonLabel), "sections": .array(sections)]]
            )
        }
    }

    private static func template(_ template: TemplateMessage) -> JSONValue {
        var components: [JSONValue] = []
        if !template.headerParameters.isEmpty {
            components.append(["type": "header", "parameters": textParameters(template.headerParameters)])
        }
        if !template.bodyParameters.isEmpty {
            components.append(["type": "body", "parameters": textParameters(template.bodyParameters)])
        }
        for (index, payload) in template.buttonPayloads.enumerated() {
            components.append([
                "type": "button", "sub_type": "quick_reply", "index": .string(String(index)),
                "parameters": [["type": "payload", "payload": .string(payload)]],
            ])
        }
        var object: [String: JSONValue] = ["name": .string(template.name), "language": ["code": .string(template.languageCode)]]
        if !components.isEmpty {
            object["components"] = .array(components)
        }
        return .object(object)
    }

    private static func textParameters(_ values: [String]) -> JSONValue {
        .array(values.map { ["type": "text", "text": .string($0)] })
    }

    private static func section(_ section: ListSection) -> JSONValue {
        let rows: [JSONValue] = section.rows.map { row in
            var object: [String: JSONValue] = ["id": .string(row.id), "title": .string(row.title)]
            if let description = row.description { object["description"] = .string(description) }
            return .object(object)
        }
        var object: [String: JSONValue] = ["rows": .array(rows)]
        if let title = section.title { object["title"] = .string(title) }
        return .object(object)
    }
}
