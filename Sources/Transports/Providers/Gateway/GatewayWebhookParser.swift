import Foundation

/// Turns a verified gateway webhook body into ``WebhookEvent``s.
///
/// WAHA sends one event per request: `{"id","timestamp","event","session","me",
/// "payload"}`. Handled: `message` (a user wrote to us), `message.ack` (a message we
/// sent changed state) and `session.status`. Other events, messages from groups,
/// broadcasts and channels, our own messages and acks of messages we did not send yield
/// nothing. Tolerant like the Cloud API parser: unknown fields are ignored and missing
/// optional ones become nil; a message or ack without an id is dropped.
enum GatewayWebhookParser {
    /// The events in `envelope`; `defaultSession` names the sender when the body does not.
    static func events(in envelope: JSONValue, defaultSession: String) -> [WebhookEvent] {
        let session = envelope["session"]?.text ?? defaultSession
        let payload = envelope["payload"] ?? .null
        switch envelope["event"]?.text {
        case "message":
            return inboundMessage(payload, envelope: envelope, session: session).map { [.message($0)] } ?? []
        case "message.ack":
            return deliveryStatus(payload, envelope: envelope, session: session).map { [.status($0)] } ?? []
        case "session.status":
            return connectionChange(payload, envelope: envelope, session: session).map { [.connectionChanged($0)] } ?? []
        default:
            return []
        }
    }

    // MARK: Messages

    private static func inboundMessage(_ message: JSONValue, envelope: JSONValue, session: String) -> InboundMessage? {
        guard let id = messageID(message), message["fromMe"]?.bool != true, let from = message["from"]?.text,
            GatewayChatID.isIndividual(from)
        else { return nil }
        let phone = GatewayChatID.phoneNumber(ofChatID: from)
        let data = message["_data"]
        let name = data?["notifyName"]?.text ?? data?["pushName"]?.text ?? message["notifyName"]?.text
        let contact = ContactProfile(name: name, waID: phone, userID: phone == nil ? from : nil)
        return InboundMessage(
            phoneNumberID: session, id: id, from: phone ?? from, contact: contact, timestamp: timestamp(message, envelope: envelope),
            replyingTo: quotedMessageID(message["replyTo"], chatID: from), content: content(of: message))
    }

    /// The quoted message as a serialized id, so it matches the ids our sends returned.
    /// Engines that give only the short id get it completed: in a one-to-one chat a
    /// quoted message not written by the user was written by us.
    private static func quotedMessageID(_ quoted: JSONValue?, chatID: String) -> String? {
        guard let quoted, let id = messageID(quoted) ?? quoted.text, !id.isEmpty else { return nil }
        if GatewayChatID.chatID(ofMessageID: id) != nil { return id }
        let isFromUser = quoted["participant"]?.text == chatID
        return "\(isFromUser ? "false" : "true")_\(chatID)_\(id)"
    }

    private static func content(of message: JSONValue) -> InboundContent {
        let type = message["_data"]?["type"]?.text
        let body = message["body"]?.text ?? ""
        if message["hasMedia"]?.bool == true {
            let media = message["media"]
            let mimeType = media?["mimetype"]?.text
            guard let mediaID = media?["url"]?.text ?? messageID(message) else { return .unsupported(type: type ?? "media", reason: "no media") }
            return .media(
                InboundMedia(
                    kind: mediaKind(type: type, mimeType: mimeType), mediaID: mediaID, mimeType: mimeType, caption: body.isEmpty ? nil : body,
                    filename: media?["filename"]?.text))
        }
        if let location = message["location"], let latitude = location["latitude"]?.number, let longitude = location["longitude"]?.number {
            return .location(
                latitude: latitude, longitude: longitude, name: location["name"]?.text ?? location["description"]?.text,
                address: location["address"]?.text)
        }
        guard type == nil || type == "chat" else { return .unsupported(type: type ?? "unknown", reason: nil) }
        return body.isEmpty ? .unsupported(type: "empty", reason: "the message has no text") : .text(body)
    }

    private static func mediaKind(type: String?, mimeType: String?) -> InboundMedia.Kind {
        switch type {
        case "image": return .image
        case "video": return .video
        case "audio", "ptt": return .audio
        case "sticker": return .sticker
        case "document": return .document
        default: break
        }
        let family = mimeType?.split(separator: "/").first.map { String($0).lowercased() }
        switch family {
        case "image": return mimeType?.lowercased() == "image/webp" ? .sticker : .image
        case "video": return .video
        case "audio": return .audio
        default: return .document
        }
    }

    // MARK: Acks

    /// WhatsApp Web's ack levels: -1 error, 0 pending (not reported), 1 reached the
    /// server, 2 the phone, 3 read, 4 played (voice notes and videos).
    private static func deliveryStatus(_ ack: JSONValue, envelope: JSONValue, session: String) -> DeliveryStatus? {
        guard let id = messageID(ack), let level = ack["ack"]?.number.map(Int.init) else { return nil }
        guard ack["fromMe"]?.bool ?? id.hasPrefix("true_") else { return nil }
        let state: DeliveryStatus.State
        var errors: [ProviderError] = []
        switch level {
        case 1: state = .sent
        case 2: state = .delivered
        case 3: state = .read
        case 4: state = DeliveryStatus.State(rawValue: "played")
        case -1:
            state = .failed
            errors = [
                ProviderError(
                    code: "-1", title: ack["ackName"]?.text ?? "ERROR",
                    message: "WhatsApp Web could not deliver the message (ack -1); the gateway gives no reason")
            ]
        default: return nil
        }
        let recipient = ack["to"]?.text
        return DeliveryStatus(
            phoneNumberID: session, messageID: id, state: state, recipientID: recipient.map { GatewayChatID.phoneNumber(ofChatID: $0) ?? $0 },
            timestamp: timestamp(ack, envelope: envelope), errors: errors)
    }

    // MARK: Sessions

    private static func connectionChange(_ payload: JSONValue, envelope: JSONValue, session: String) -> ConnectionChange? {
        guard let word = payload["status"]?.text, !word.isEmpty else { return nil }
        let status = GatewaySessionStatus(word).connectionStatus(session: session, detail: linkedAccount(envelope["me"]))
        let eventID = envelope["id"]?.text ?? envelope["timestamp"]?.text ?? word
        return ConnectionChange(
            phoneNumberID: session, status: status, providerStatus: word, eventID: eventID, timestamp: timestamp(payload, envelope: envelope))
    }

    // MARK: Fields

    /// The linked phone as a status detail: `+15550001111, Sales`.
    static func linkedAccount(_ me: JSONValue?) -> String? {
        guard let me else { return nil }
        let number = me["id"]?.text.map { GatewayChatID.phoneNumber(ofChatID: $0).map { "+\($0)" } ?? $0 }
        let detail = [number, me["pushName"]?.text].compactMap { $0 }.joined(separator: ", ")
        return detail.isEmpty ? nil : detail
    }

    /// A message id written as a string, or as WhatsApp Web's object with `_serialized`.
    static func messageID(_ value: JSONValue?) -> String? {
        let id = value?["id"]?.text ?? value?["id"]?["_serialized"]?.text
        return id?.isEmpty == false ? id : nil
    }

    /// The payload's Unix seconds, else the envelope's Unix milliseconds.
    private static func timestamp(_ payload: JSONValue, envelope: JSONValue) -> Date? {
        if let seconds = payload["timestamp"]?.number { return Date(timeIntervalSince1970: seconds) }
        return envelope["timestamp"]?.number.map { Date(timeIntervalSince1970: $0 / 1000) }
    }
}
