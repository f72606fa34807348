/// One message the engine wants delivered to one WhatsApp user.
public struct OutboundMessage: Sendable, Hashable {
    /// The recipient in E.164 (`+5511987650001`); sent to the provider as written.
    public var to: String
    /// What to send.
    public var content: MessageContent
    /// The provider's id of an earlier message this one answers (shown quoted), if any.
    public var replyTo: String?

    /// Creates a message to `to`.
    public init(to: String, content: MessageContent, replyTo: String? = nil) {
        self.to = to
        self.content = content
        self.replyTo = replyTo
    }
}
