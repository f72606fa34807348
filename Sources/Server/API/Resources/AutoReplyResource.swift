/// An auto-reply as `/api/auto-replies` shows it.
public struct AutoReplyResource: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var active: Bool
    /// The senders it answers on; nil means every sender.
    public var senders: [String]?
    /// `always` or `outside-business-hours`.
    public var when: String
    /// The reply, as written.
    public var message: String
    /// Seconds before the reply goes out.
    public var delaySeconds: Double
    /// Seconds during which a contact is not answered again.
    public var cooldownSeconds: Double

    public init(
        name: String, description: String? = nil, active: Bool, senders: [String]?, when: String, message: String, delaySeconds: Double,
        cooldownSeconds: Double
    ) {
        self.name = name
        self.description = description
        self.active = active
        self.senders = senders
        self.when = when
        self.message = message
        self.delaySeconds = delaySeconds
        self.cooldownSeconds = cooldownSeconds
    }
}
