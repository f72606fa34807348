/// An automatic answer to inbound messages, at most once per contact per cooldown.
public struct AutoReply: Sendable, Hashable {
    public enum Condition: String, Sendable, Hashable { case always, outsideBusinessHours = "outside-business-hours" }

    public var header: ResourceHeader
    /// nil means every sender.
    public var senders: [Located<String>]?
    public var condition: Located<Condition>
    public var message: String
    public var delay: Duration
    public var cooldown: Duration
    public var isActive: Bool
}
