/// What a campaign or broadcast sends, as written (variables not expanded).
public struct MessageSummary: Sendable, Hashable, Codable {
    public var text: String?
    /// The WhatsApp template's name and language, when it sends one.
    public var template: TemplateReference?
    /// The media's type and link, when it sends one.
    public var media: MediaReference?

    public init(text: String? = nil, template: TemplateReference? = nil, media: MediaReference? = nil) {
        self.text = text
        self.template = template
        self.media = media
    }
}

/// An approved WhatsApp template by name and language.
public struct TemplateReference: Sendable, Hashable, Codable {
    public var name: String
    public var language: String

    public init(name: String, language: String) {
        self.name = name
        self.language = language
    }
}

/// Media sent by link.
public struct MediaReference: Sendable, Hashable, Codable {
    /// `image`, `document`, `video` or `audio`.
    public var type: String
    public var url: String

    public init(type: String, url: String) {
        self.type = type
        self.url = url
    }
}
