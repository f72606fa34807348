/// What a campaign, broadcast send or flow node sends.
public struct MessageContent: Sendable, Hashable {
    /// Free text with variables.
    public var text: String?
    /// A WhatsApp template.
    public var template: WhatsAppTemplate?
    /// Media by link.
    public var media: Media?
}

/// A reference to an approved WhatsApp template.
public struct WhatsAppTemplate: Sendable, Hashable {
    public var name: String
    public var language: String
    public var parameters: [String]
    public var header: [String]
    public var buttons: [String]
}

/// Media sent by link.
public struct Media: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case image, document, video, audio }
    public var url: String
    public var kind: Kind
    public var caption: String?
    public var filename: String?
}

/// Where a campaign's or list's contacts come from.
public enum ContactSource: Sendable, Hashable {
    /// A CSV file, relative to the configuration directory.
    case file(Located<String>)
    /// Contacts written in the YAML.
    case inline([InlineContact])
}

/// A contact written in YAML.
public struct InlineContact: Sendable, Hashable {
    /// The number as written.
    public var phone: Located<String>
    /// The name, if given.
    public var name: String?
    /// Every other key, as `contact.<key>` variables.
    public var fields: [String: String]
}
