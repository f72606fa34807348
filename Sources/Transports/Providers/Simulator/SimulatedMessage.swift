/// One send the simulator handled, as a ``SimulatorRecorder`` receives it.
public struct SimulatedMessage: Sendable, Hashable {
    /// The simulator's id for the send (`sim.<sender>.<counter>`); the provider message
    /// id when ``outcome`` is accepted.
    public var id: String
    /// The sending sender's resource name.
    public var senderName: String
    /// What was sent and to whom.
    public var message: OutboundMessage
    /// The try number the scheduler passed (0 for the first).
    public var attempt: Int
    /// What the simulator answered.
    public var outcome: SendOutcome
    /// The virtual latency the send waited.
    public var latency: Duration

    /// Creates a record.
    public init(id: String, senderName: String, message: OutboundMessage, attempt: Int, outcome: SendOutcome, latency: Duration) {
        self.id = id
        self.senderName = senderName
        self.message = message
        self.attempt = attempt
        self.outcome = outcome
        self.latency = latency
    }
}
