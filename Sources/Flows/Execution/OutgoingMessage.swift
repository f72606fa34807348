import Manifest

/// A rendered message: what a `send` node (or a re-prompt) asks the runner to deliver.
///
/// Like the YAML it comes from, it may combine text with media, buttons or a list; the
/// runner maps it onto what the transport supports.
public struct OutgoingMessage: Sendable, Hashable {
    /// The text, or the body of buttons and lists.
    public var text: String?
    /// An approved WhatsApp template with rendered parameters.
    public var whatsApp: WhatsApp?
    /// Media by link.
    public var media: Media?
    /// Reply buttons.
    public var buttons: [Button]
    /// An interactive list.
    public var list: List?

    /// Creates a message.
    public init(text: String? = nil, whatsApp: WhatsApp? = nil, media: Media? = nil, buttons: [Button] = [], list: List? = nil) {
        self.text = text
        self.whatsApp = whatsApp
        self.media = media
        self.buttons = buttons
        self.list = list
    }

    /// An approved WhatsApp template.
    public struct WhatsApp: Sendable, Hashable {
        public var name: String
        public var language: String
        /// Body placeholder values, in order.
        public var parameters: [String]
        /// Header placeholder values, in order.
        public var header: [String]
        /// Quick-reply button payloads, in order.
        public var buttons: [String]
    }

    /// Media by link.
    public struct Media: Sendable, Hashable {
        public var kind: Manifest.Media.Kind
        /// The link, with inserted values percent-encoded.
        public var url: String
        public var caption: String?
        public var filename: String?
    }

    /// A reply button.
    public struct Button: Sendable, Hashable {
        public var id: String
        public var title: String
    }

    /// An interactive list.
    public struct List: Sendable, Hashable {
        /// The label of the button that opens the list.
        public var button: String
        public var sections: [Section]
    }

    /// A section of a list.
    public struct Section: Sendable, Hashable {
        public var title: String?
        public var rows: [Row]
    }

    /// A row of a list.
    public struct Row: Sendable, Hashable {
        public var id: String
        public var title: String
        public var description: String?
    }
}
