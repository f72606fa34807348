/// A broadcast list as `/api/broadcasts` shows it: its sends and which have started.
public struct BroadcastResource: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var sender: String
    /// Members per batch.
    public var batchSize: Int
    /// Seconds between batches.
    public var batchPauseSeconds: Double
    /// Each entry of the list's `sends`, in the order written.
    public var sends: [Send]
    /// Outbox rows of the list by state; every state is present.
    public var messages: [String: Int]

    /// One entry of `sends`: it goes to every member once.
    public struct Send: Sendable, Hashable, Codable {
        public var id: String
        /// Whether the engine started it (its messages are queued).
        public var started: Bool
        public var message: MessageSummary

        public init(id: String, started: Bool, message: MessageSummary) {
            self.id = id
            self.started = started
            self.message = message
        }
    }

    public init(
        name: String, description: String? = nil, sender: String, batchSize: Int, batchPauseSeconds: Double, sends: [Send], messages: [String: Int]
    ) {
        self.name = name
        self.description = description
        self.sender = sender
        self.batchSize = batchSize
        self.batchPauseSeconds = batchPauseSeconds
        self.sends = sends
        self.messages = messages
    }
}
