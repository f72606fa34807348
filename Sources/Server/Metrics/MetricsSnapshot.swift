/// The store's figures behind `/metrics`' gauges, read at each scrape.
public struct MetricsSnapshot: Sendable, Hashable {
    /// Outbox messages by sender and state (`sender` is empty while a business message
    /// waits for its first claim).
    public var messages: [MessageCount] = []
    /// Queued messages by the kind of resource that queued them.
    public var outboxDepth: [String: Int] = [:]
    /// Every configured sender's windows and health.
    public var senders: [Sender] = []

    /// How many messages one sender has in one state.
    public struct MessageCount: Sendable, Hashable {
        public var sender: String
        public var state: String
        public var count: Int

        public init(sender: String, state: String, count: Int) {
            self.sender = sender
            self.state = state
            self.count = count
        }
    }

    /// One sender's gauges.
    public struct Sender: Sendable, Hashable {
        public var name: String
        /// Minute, hour and day.
        public var quota: [QuotaWindowUse]
        /// 0...100.
        public var health: Int
        public var paused: Bool
        public var connected: Bool

        public init(name: String, quota: [QuotaWindowUse], health: Int, paused: Bool, connected: Bool) {
            self.name = name
            self.quota = quota
            self.health = health
            self.paused = paused
            self.connected = connected
        }
    }

    public init(messages: [MessageCount] = [], outboxDepth: [String: Int] = [:], senders: [Sender] = []) {
        self.messages = messages
        self.outboxDepth = outboxDepth
        self.senders = senders
    }
}
