/// `/api/senders/{name}/stats`: a sender's messages by state, its quota windows' use,
/// and its health.
public struct SenderStats: Sendable, Hashable, Codable {
    public var name: String
    /// Outbox rows this sender was chosen for, by state; every state is present.
    public var messages: [String: Int]
    /// Each window's use, minute, hour and day, counted from the send log.
    public var quota: [QuotaWindowUse]
    public var status: SenderHealth

    public init(name: String, messages: [String: Int], quota: [QuotaWindowUse], status: SenderHealth) {
        self.name = name
        self.messages = messages
        self.quota = quota
        self.status = status
    }
}

/// How much of one quota window a sender used.
public struct QuotaWindowUse: Sendable, Hashable, Codable {
    /// `minute`, `hour` or `day`.
    public var window: String
    /// Sends counted in the window, ending now.
    public var used: Int
    public var limit: Int
    /// `limit - used`, never below 0.
    public var remaining: Int

    public init(window: String, used: Int, limit: Int) {
        self.window = window
        self.used = used
        self.limit = limit
        self.remaining = max(0, limit - used)
    }
}
