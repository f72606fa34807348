/// One reply button of an interactive message.
public struct ReplyButton: Sendable, Hashable {
    /// Comes back in the reply, so a flow can tell the buttons apart; unique per message.
    public var id: String
    /// The label, at most 20 characters.
    public var title: String

    /// Creates a button.
    public init(id: String, title: String) {
        self.id = id
        self.title = title
    }
}
