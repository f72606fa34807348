import Flows

/// The JSON a flow's message is enqueued as (`outbox.payload`), for the dispatcher to send.
///
/// It mirrors ``OutgoingMessage`` field for field: optional parts are left out when
/// absent, lists are kept in order. `{"text": "Hi"}` is a plain text; `buttons` and `list`
/// carry `text` as their body; `template` and `media` name what the provider fetches.
public struct OutboxPayload: Sendable, Hashable, Codable {
    /// The text, or the body of buttons and lists.
    public var text: String?
    /// An approved WhatsApp template.
    public var template: Template?
    /// Media by link.
    public var media: Media?
    /// Reply buttons, in order; absent when none.
    public var buttons: [Choice]?
    /// An interactive list.
    public var list: List?

    /// An approved WhatsApp template with rendered values.
    public struct Template: Sendable, Hashable, Codable {
        /// The template's name as approved.
        public var name: String
        /// The language code, such as `en_US`.
        public var language: String
        /// Body placeholder values, in order.
        public var parameters: [String]
        /// Header placeholder values, in order.
        public var header: [String]
        /// Quick-reply button payloads, in order.
        public var buttons: [String]
    }

    /// Media by link.
    public struct Media: Sendable, Hashable, Codable {
        /// `image`, `document`, `video` or `audio`.
        public var type: String
        /// The link the provider fetches.
        public var url: String
        /// A caption.
        public var caption: String?
        /// The file name shown for documents.
        public var filename: String?
    }

    /// A reply button or a list row.
    public struct Choice: Sendable, Hashable, Codable {
        /// The id a tap sends back.
        public var id: String
        /// The label.
        public var title: String
        /// A list row's second line.
        public var description: String?
    }

    /// An interactive list.
    public struct List: Sendable, Hashable, Codable {
        /// The label of the button that opens it.
        public var button: String
        /// The sections, in order.
        public var sections: [Section]
    }

    /// A section of a list.
    public struct Section: Sendable, Hashable, Codable {
        /// The heading.
        public var title: String?
        /// The rows, in order.
        public var rows: [Choice]
    }

    /// The payload of a rendered message.
    public init(_ message: OutgoingMessage) {
        text = message.text
        template = message.whatsApp.map {
            Template(name: $0.name, language: $0.language, parameters: $0.parameters, header: $0.header, buttons: $0.buttons)
        }
        media = message.media.map { Media(type: $0.kind.rawValue, url: $0.url, caption: $0.caption, filename: $0.filename) }
        buttons = message.buttons.isEmpty ? nil : message.buttons.map { Choice(id: $0.id, title: $0.title) }
        list = message.list.map { list in
            List(
                button: list.button,
                sections: list.sections.map { section in
                    Section(title: section.title, rows: section.rows.map { Choice(id: $0.id, title: $0.title, description: $0.description) })
                })
        }
    }
}
