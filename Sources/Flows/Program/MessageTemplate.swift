import Manifest
import Templates

/// A compiled `send`: every text of the message parsed once into a ``Template``.
public struct MessageTemplate: Sendable, Codable {
    /// The text, or the body of buttons and lists.
    public let text: Template?
    /// An approved WhatsApp template with its parameters.
    public let whatsApp: WhatsApp?
    /// Media sent by link.
    public let media: Media?
    /// Reply buttons, in order.
    public let buttons: [Button]
    /// An interactive list.
    public let list: List?

    /// A reference to an approved WhatsApp template.
    public struct WhatsApp: Sendable, Codable {
        /// The template's name as approved.
        public let name: String
        /// The language code, such as `en_US`.
        public let language: String
        /// Values of the body placeholders, in order.
        public let parameters: [Template]
        /// Values of the header placeholders, in order.
        public let header: [Template]
        /// Payloads of the quick-reply buttons, in order.
        public let buttons: [Template]
    }

    /// Media by link; inserted values in the link are percent-encoded.
    public struct Media: Sendable, Codable {
        /// Image, document, video or audio.
        public let kind: Manifest.Media.Kind
        /// The link.
        public let url: Template
        /// A caption.
        public let caption: Template?
        /// The file name shown for documents.
        public let filename: Template?
    }

    /// A reply button.
    public struct Button: Sendable, Codable {
        /// The id a tap sends back.
        public let id: String
        /// The label.
        public let title: Template
    }

    /// An interactive list.
    public struct List: Sendable, Codable {
        /// The label of the button that opens the list.
        public let button: Template
        /// The sections, in order.
        public let sections: [Section]
    }

    /// A section of a list.
    public struct Section: Sendable, Codable {
        /// The heading.
        public let title: Template?
        /// The rows, in order.
        public let rows: [Row]
    }

    /// A row of a list.
    public struct Row: Sendable, Codable {
        /// The id a tap sends back.
        public let id: String
        /// The label.
        public let title: Template
        /// A second line.
        public let description: Template?
    }
}
