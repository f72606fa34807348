import Foundation

/// Turns a verified Cloud API webhook payload into ``WebhookEvent``s.
///
/// Tolerant by design: unknown fields are ignored, missing optional ones (wa_id,
/// conversation, pricing, timestamps) become nil, numbers written as strings and the
/// reverse are both read, and an entry it cannot use is skipped rather than failing the
/// rest of the payload. Only a message or status without an id is dropped: without one
/// it could not be deduplicated or matched.
enum CloudAPIWebhookParser {
    /// The events in `payload`, in payload order.
    static func events(in payload: JSONValue) -> [WebhookEvent] {
        var events: [WebhookEvent] = []
        for entry in payload["entry"]?.elements ?? [] {
            for change in entry["changes"]?.elements ?? [] {
                guard let value = change["value"] else { continue }
                let phoneNumberID = value["metadata"]?["phone_number_id"]?.text ?? ""
                let contacts = value["contacts"]?.elements ?? []
                for message in value["messages"]?.elements ?? [] {
                    if let inbound = inboundMessage(message, contacts: contacts, phoneNumberID: phoneNumberID) {
                        events.append(.message(inbound))
                    }
                }
                for status in value["statuses"]?.elements ?? [] {
                    if let status = deliveryStatus(status, phoneNumberID: phoneNumberID) {
                        events.append(.status(status))
                    }
                }
                for error in value["errors"]?.elements ?? [] {
                    if let error = CloudAPIErrorBody(object: error) {
                        events.append(.systemError(SystemErrorReport(phoneNumberID: phoneNumberID, error: error.providerError)))
                    }
                }
            }
        }
        return events
    }

    /// The distinct `metadata.phone_number_id` values, in payload order.
    static func phoneNumberIDs(in payload: JSONValue) -> [String] {
        var seen: Set<String> = []
        var ids: [String] = []
        for entry in payload["entry"]?.elements ?? [] {
            for change in entry["changes"]?.elements ?? [] {
                if let id = change["value"]?["metadata"]?["phone_number_id"]?.text, seen.insert(id).inserted {
                    ids.append(id)
                }
            }
        }
        return ids
    }

    // MARK: Messages

    private static func inboundMessage(_ message: JSONValue, contacts: [JSONValue], phoneNumberID: String) -> InboundMessage? {
        guard let id = message["id"]?.text, !id.isEmpty else { return nil }
        let contact = profile(for: message["from"]?.text, in: contacts)
        let from = message["from"]?.text ?? contact?.waID ?? message["from_user_id"]?.text ?? contact?.userID ?? ""
        return InboundMessage(
            phoneNumberID: phoneNumberID, id: id, from: from, contact: contact, timestamp: date(message["timestamp"]),
            replyingTo: message["context"]?["id"]?.text, content: content(of: message))
    }

    /// The contact whose wa_id is `from`; failing that, the only contact there is (a
    /// user known only by user_id has no wa_id to match).
    private static func profile(for from: String?, in contacts: [JSONValue]) -> ContactProfile? {
        let match = contacts.first { $0["wa_id"]?.text == from && from != nil } ?? (contacts.count == 1 ? contacts[0] : nil)
        guard let match else { return nil }
        return ContactProfile(name: match["profile"]?["name"]?.text, waID: match["wa_id"]?.text, userID: match["user_id"]?.text)
    }

    private static func content(of message: JSONValue) -> InboundContent {
        let type = message["type"]?.text ?? "unknown"
        switch type {
        case "text":
            return .text(message["text"]?["body"]?.text ?? "")
        case "button":
            let button = message["button"]
            let text = button?["text"]?.text ?? ""
            return .quickReply(payload: button?["payload"]?.text ?? text, text: text)
        case "interactive":
            return interactive(message["interactive"])
        case "image", "document", "audio", "video", "sticker":
            let media = message[type]
            guard let kind = InboundMedia.Kind(rawValue: type), let mediaID = media?["id"]?.text else {
                return .unsupported(type: type, reason: "no media id")
            }
            return .media(
                InboundMedia(
                    kind: kind, mediaID: mediaID, mimeType: media?["mime_type"]?.text, caption: media?["caption"]?.text,
                    filename: media?["filename"]?.text))
        case "location":
            let location = message["location"]
            guard let latitude = location?["latitude"]?.number, let longitude = location?["longitude"]?.number else {
                return .unsupported(type: type, reason: "no coordinates")
            }
            return .location(latitude: latitude, longitude: longitude, name: location?["name"]?.text, address: location?["address"]?.text)
        case "contacts":
            let cards = (message["contacts"]?.elements ?? []).map { card in
                SharedContact(
                    name: card["name"]?["formatted_name"]?.text, phones: (card["phones"]?.elements ?? []).compactMap { $0["phone"]?.text })
            }
            return .contacts(cards)
        case "reaction":
            let reaction = message["reaction"]
            let emoji = reaction?["emoji"]?.text
            return .reaction(messageID: reaction?["message_id"]?.text ?? "", emoji: emoji?.isEmpty == false ? emoji : nil)
        default:
            let error = message["errors"]?[0].flatMap { CloudAPIErrorBody(object: $0) }
            return .unsupported(type: type, reason: error?.providerError.summary ?? message["system"]?["body"]?.text)
        }
    }

    private static func interactive(_ interactive: JSONValue?) -> InboundContent {
        let type = interactive?["type"]?.text ?? "unknown"
        switch type {
        case "button_reply":
            let reply = interactive?["button_reply"]
            return .buttonReply(id: reply?["id"]?.text ?? "", title: reply?["title"]?.text ?? "")
        case "list_reply":
            let reply = interactive?["list_reply"]
            return .listReply(id: reply?["id"]?.text ?? "", title: reply?["title"]?.text ?? "", description: reply?["description"]?.text)
        default:
            return .unsupported(type: "interactive.\(type)", reason: nil)
        }
    }

    // MARK: Statuses

    private static func deliveryStatus(_ status: JSONValue, phoneNumberID: String) -> DeliveryStatus? {
        guard let id = status["id"]?.text, !id.isEmpty, let state = status["status"]?.text else { return nil }
        return DeliveryStatus(
            phoneNumberID: phoneNumberID, messageID: id, state: DeliveryStatus.State(rawValue: state), recipientID: status["recipient_id"]?.text,
            timestamp: date(status["timestamp"]),
            errors: (status["errors"]?.elements ?? []).compactMap { CloudAPIErrorBody(object: $0) }.map(\.providerError),
            conversationID: status["conversation"]?["id"]?.text, pricingCategory: status["pricing"]?["category"]?.text)
    }

    /// Unix seconds, written as a string (Meta's way) or a number.
    private static func date(_ value: JSONValue?) -> Date? {
        value?.number.map { Date(timeIntervalSince1970: $0) }
    }
}
