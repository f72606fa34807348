/// A file the provider downloads from a public HTTPS link and delivers.
public struct MediaAttachment: Sendable, Hashable {
    /// How WhatsApp shows the file.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A photo (JPEG or PNG), shown inline.
        case image
        /// Any file, shown with its name.
        case document
        /// An MP4 or 3GP video, shown inline.
        case video
        /// An audio file, played inline (no caption).
        case audio
    }

    /// What kind of file it is.
    public var kind: Kind
    /// Where the provider fetches it; must be reachable from the internet.
    public var link: String
    /// Text under the file; ignored for audio, which WhatsApp shows without one.
    public var caption: String?
    /// The name shown for a document; ignored for other kinds.
    public var filename: String?

    /// Creates an attachment.
    public init(kind: Kind, link: String, caption: String? = nil, filename: String? = nil) {
        self.kind = kind
        self.link = link
        self.caption = caption
        self.filename = filename
    }
}
