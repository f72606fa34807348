import Foundation
import Transports

extension OutboxPayload {
    /// Creates a payload from its parts; campaigns, broadcasts and tests build it this way.
    public init(text: String? = nil, template: Template? = nil, media: Media? = nil, buttons: [Choice]? = nil, list: List? = nil) {
        self.text = text
        self.template = template
        self.media = media
        self.buttons = buttons.flatMap { $0.isEmpty ? nil : $0 }
        self.list = list
    }

    /// What the transport sends for this payload, by precedence: a template, media, a
    /// list, buttons, plain text.
    /// - Throws: ``RuntimeError`` `runtime.unreadable-record` when the payload holds
    ///   nothing to send or names an unknown media type; such a message fails for good.
    public func content() throws(RuntimeError) -> MessageContent {
        if let template {
            return .template(
                TemplateMessage(
                    name: template.name, languageCode: template.language, bodyParameters: template.parameters,
                    headerParameters: template.header, buttonPayloads: template.buttons))
        }
        if let media {
            guard let kind = MediaAttachment.Kind(rawValue: media.type) else {
                throw RuntimeError(.unreadableRecord, "The message's media type '\(media.type)' is not image, document, video or audio.")
            }
            return .media(MediaAttachment(kind: kind, link: media.url, caption: media.caption ?? text, filename: media.filename))
        }
        if let list {
            let sections = list.sections.map { section in
                ListSection(title: section.title, rows: section.rows.map { ListSection.Row(id: $0.id, title: $0.title, description: $0.description) })
            }
            return .list(body: text ?? "", buttonLabel: list.button, sections: sections)
        }
        if let buttons, !buttons.isEmpty {
            return .buttons(body: text ?? "", buttons: buttons.map { ReplyButton(id: $0.id, title: $0.title) })
        }
        if let text {
            return .text(text)
        }
        throw RuntimeError(.unreadableRecord, "The message holds no text, template, media, buttons or list.")
    }

    /// Whether it is a free-form message (text, media, buttons, a list): anything but a
    /// WhatsApp template, which alone may go out after the customer-service window closed.
    public var isFreeForm: Bool { template == nil }

    /// The characters the contact reads, which set how long the typing indicator shows.
    public var characterCount: Int {
        (text ?? media?.caption ?? "").count
    }

    /// The payload of an outbox row.
    /// - Throws: ``RuntimeError`` `runtime.unreadable-record` when the JSON does not decode.
    public static func decode(_ data: Data) throws(RuntimeError) -> OutboxPayload {
        if let text = plainText(data) { return OutboxPayload(text: text) }
        do {
            return try JSONDecoder().decode(OutboxPayload.self, from: data)
        } catch {
            throw RuntimeError(.unreadableRecord, "The outbox message's payload is not a message: \(error).")
        }
    }

    private static let plainTextPrefix = Array(#"{"text":""#.utf8)

    /// The text of a payload that is exactly `{"text":"…"}` with nothing to unescape;
    /// nil for any other shape.
    ///
    /// Most payloads are plain texts, and the dispatcher decodes one per send: going
    /// through `JSONDecoder` cost more than the rest of the payload's way to the transport.
    static func plainText(_ data: Data) -> String? {
        let prefix = plainTextPrefix
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String? in
            guard bytes.count >= prefix.count + 2, bytes[bytes.count - 2] == UInt8(ascii: "\""), bytes[bytes.count - 1] == UInt8(ascii: "}")
            else { return nil }
            for index in prefix.indices where bytes[index] != prefix[index] { return nil }
            let body = UnsafeRawBufferPointer(rebasing: bytes[prefix.count..<(bytes.count - 2)])
            // A quote or a backslash needs the decoder; a control character is invalid JSON.
            for byte in body where byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            return String(validating: body, as: UTF8.self)
        }
    }

    /// The payload as the JSON an outbox row keeps.
    public func encoded() throws(RuntimeError) -> Data {
        try StepBatch.encode(self, "an outbox message")
    }
}

// The nested types' memberwise initializers are internal; these public ones take their
// first value unlabelled so that they do not redeclare them.

extension OutboxPayload.Template {
    /// Creates a template payload.
    public init(_ name: String, language: String, parameters: [String] = [], header: [String] = [], buttons: [String] = []) {
        self.init(name: name, language: language, parameters: parameters, header: header, buttons: buttons)
    }
}

extension OutboxPayload.Media {
    /// Creates a media payload.
    public init(_ kind: MediaAttachment.Kind, url: String, caption: String? = nil, filename: String? = nil) {
        self.init(type: kind.rawValue, url: url, caption: caption, filename: filename)
    }
}

extension OutboxPayload.Choice {
    /// Creates a button or list row.
    public init(_ id: String, title: String, description: String? = nil) {
        self.init(id: id, title: title, description: description)
    }
}

extension OutboxPayload.List {
    /// Creates a list.
    public init(_ button: String, sections: [OutboxPayload.Section]) {
        self.init(button: button, sections: sections)
    }
}

extension OutboxPayload.Section {
    /// Creates a list section.
    public init(_ title: String?, rows: [OutboxPayload.Choice]) {
        self.init(title: title, rows: rows)
    }
}
