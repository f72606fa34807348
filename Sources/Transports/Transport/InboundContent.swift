/// What an inbound message says, by kind.
public enum InboundContent: Sendable, Hashable {
    /// Typed text.
    case text(String)
    /// A tap on a reply button of our interactive message.
    case buttonReply(id: String, title: String)
    /// A choice from our list message.
    case listReply(id: String, title: String, description: String?)
    /// A tap on a quick-reply button of our template; `payload` is the one we sent.
    case quickReply(payload: String, text: String)
    /// An image, document, audio, video or sticker, held by the provider until fetched.
    case media(InboundMedia)
    /// A shared location.
    case location(latitude: Double, longitude: Double, name: String?, address: String?)
    /// Shared contact cards.
    case contacts([SharedContact])
    /// A reaction to one of our messages; `emoji` is nil when the user removed it.
    case reaction(messageID: String, emoji: String?)
    /// A kind the engine does not handle (or WhatsApp could not show); `type` is the
    /// provider's word for it, `reason` its explanation when it gave one.
    case unsupported(type: String, reason: String?)

    /// The text a flow matches keywords against: typed text, a button's or row's title,
    /// a quick reply's text, a media caption; nil for the rest.
    public var text: String? {
        switch self {
        case .text(let body): body
        case .buttonReply(_, let title), .listReply(_, let title, _): title
        case .quickReply(_, let text): text
        case .media(let media): media.caption
        case .location, .contacts, .reaction, .unsupported: nil
        }
    }
}
