import Foundation

/// `/api/campaigns/{name}/stats`: contacts by status, messages by state, recent sends,
/// progress and an estimated completion.
public struct CampaignStats: Sendable, Hashable, Codable {
    /// Failed messages with one error code.
    public struct Failure: Sendable, Hashable, Codable {
        public var code: String
        public var count: Int
        /// The latest reason recorded with the code.
        public var reason: String

        public init(code: String, count: Int, reason: String) {
            self.code = code
            self.count = count
            self.reason = reason
        }
    }

    public var name: String
    public var state: String?
    /// Why the campaign is in its state (why it failed, for one).
    public var stateReason: String?
    /// Failed messages by error code, most frequent first.
    public var failures: [Failure]
    /// Contacts whose message was cancelled because they opted out.
    public var optedOut: Int
    /// Contacts skipped (cancelled for another reason).
    public var skipped: Int
    /// Recorded contacts by status; every status is present.
    public var contacts: [String: Int]
    /// Outbox rows of the campaign by state; every state is present.
    public var messages: [String: Int]
    /// Every recorded contact.
    public var total: Int
    /// Contacts whose message left (or may have left) the engine, failed or was cancelled.
    public var done: Int
    /// `done / total`, 0...1 (0 without contacts).
    public var progress: Double
    /// Sends counted in the campaign's name in the last hour and day.
    public var sentLastHour: Int
    public var sentLastDay: Int
    public var lastSentAt: Date?
    /// When the unsent contacts should all be sent, from the senders' quotas, the
    /// schedule and pacing; nil unless the campaign is running or scheduled.
    public var estimatedCompletion: Date?

    public init(
        name: String, state: String?, contacts: [String: Int], messages: [String: Int], total: Int, done: Int, sentLastHour: Int, sentLastDay: Int,
        lastSentAt: Date? = nil, estimatedCompletion: Date? = nil, stateReason: String? = nil, failures: [Failure] = [], optedOut: Int = 0,
        skipped: Int = 0
    ) {
        self.name = name
        self.state = state
        self.stateReason = stateReason
        self.failures = failures
        self.optedOut = optedOut
        self.skipped = skipped
        self.contacts = contacts
        self.messages = messages
        self.total = total
        self.done = done
        self.progress = total == 0 ? 0 : Double(done) / Double(total)
        self.sentLastHour = sentLastHour
        self.sentLastDay = sentLastDay
        self.lastSentAt = lastSentAt
        self.estimatedCompletion = estimatedCompletion
    }
}
