/// The JSON bodies of the gateway's endpoints, in WAHA's field names.
enum GatewayRequestBody {
    /// `POST /api/sendText`. WAHA previews links unless told not to, so `linkPreview` is
    /// always written.
    static func text(session: String, chatID: String, text: String, replyTo: String?, linkPreview: Bool) -> JSONValue {
        var body: [String: JSONValue] = [
            "session": .string(session), "chatId": .string(chatID), "text": .string(text), "linkPreview": .bool(linkPreview),
        ]
        if let replyTo { body["reply_to"] = .string(replyTo) }
        return .object(body)
    }

    /// `POST /api/startTyping` and `POST /api/stopTyping`.
    static func chat(session: String, chatID: String) -> JSONValue {
        ["session": .string(session), "chatId": .string(chatID)]
    }

    /// `POST /api/sendSeen` for one message and the chat before it.
    static func seen(session: String, chatID: String, messageID: String) -> JSONValue {
        ["session": .string(session), "chatId": .string(chatID), "messageIds": [.string(messageID)]]
    }

    /// `POST /api/sessions`: create the session and start it at once.
    static func createSession(name: String) -> JSONValue {
        ["name": .string(name), "start": true]
    }
}
