/// A file a user sent; the provider holds it under ``mediaID`` until fetched.
public struct InboundMedia: Sendable, Hashable {
    /// How WhatsApp showed it.
    public enum Kind: String, Sendable, Hashable {
        /// A photo.
        case image
        /// A file, usually with a name.
        case document
        /// A voice note or audio file.
        case audio
        /// A video.
        case video
        /// A sticker (WebP).
        case sticker
    }

    /// What kind of file.
    public var kind: Kind
    /// The provider's id to download it with.
    public var mediaID: String
    /// Its MIME type, when given.
    public var mimeType: String?
    /// The text under it, when any.
    public var caption: String?
    /// A document's file name, when given.
    public var filename: String?

    /// Creates a media description.
    public init(kind: Kind, mediaID: String, mimeType: String? = nil, caption: String? = nil, filename: String? = nil) {
        self.kind = kind
        self.mediaID = mediaID
        self.mimeType = mimeType
        self.caption = caption
        self.filename = filename
    }
}
