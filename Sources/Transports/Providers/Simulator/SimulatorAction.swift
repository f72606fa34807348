/// Something the engine did in a simulated chat other than sending a message.
public enum SimulatorAction: Sendable, Hashable {
    /// "typing…" was shown to `recipient`, answering `replyingTo` when given.
    case typing(recipient: String, replyingTo: String?)
    /// An inbound message (and every earlier one in its chat) was marked read.
    case read(messageID: String)
}
