import Foundation

/// What the dispatcher keeps of a sender across restarts (`sender_status`): health,
/// failure streak, pause, backoff, slowdown and pacing. The quota windows are not here:
/// they are counted from the send log.
public struct SenderDispatchStatus: Sendable, Hashable {
    /// A pause in force.
    public struct Pause: Sendable, Hashable {
        /// What paused it (the scheduler's words: `consecutive-failures`, `manual`, …).
        public var cause: String
        /// What happened, for status and logs.
        public var reason: String
        /// When it was paused.
        public var since: Date
        /// When it resumes by itself; nil until a person resumes it.
        public var resumesAt: Date?

        /// Creates a pause record.
        public init(cause: String, reason: String, since: Date, resumesAt: Date?) {
            self.cause = cause
            self.reason = reason
            self.since = since
            self.resumesAt = resumesAt
        }
    }

    /// A cut of every quota window after the provider flagged the sender.
    public struct Slowdown: Sendable, Hashable {
        /// The share of each limit that stays, in (0, 1].
        public var rateFactor: Double
        /// When the normal limits return.
        public var until: Date
        /// Why.
        public var reason: String

        /// Creates a slowdown record.
        public init(rateFactor: Double, until: Date, reason: String) {
            self.rateFactor = rateFactor
            self.until = until
            self.reason = reason
        }
    }

    /// The sender's resource name.
    public var name: String
    /// 0...100.
    public var health: Int
    /// Failures since the last success.
    public var consecutiveFailures: Int
    /// When it last started a message.
    public var lastUsedAt: Date?
    /// The pause in force, if any.
    public var pause: Pause?
    /// A sender-wide rate limit holds it back until then.
    public var backoffUntil: Date?
    /// A slowdown that applies or applied.
    public var slowdown: Slowdown?
    /// Pacing: its next business message starts no earlier.
    public var pacedUntil: Date?
    /// Spreading of its quotas: its next business message goes out no earlier.
    public var spreadUntil: Date?

    /// Creates a record; a new sender's by default.
    public init(
        name: String, health: Int = 100, consecutiveFailures: Int = 0, lastUsedAt: Date? = nil, pause: Pause? = nil, backoffUntil: Date? = nil,
        slowdown: Slowdown? = nil, pacedUntil: Date? = nil, spreadUntil: Date? = nil
    ) {
        self.name = name
        self.health = health
        self.consecutiveFailures = consecutiveFailures
        self.lastUsedAt = lastUsedAt
        self.pause = pause
        self.backoffUntil = backoffUntil
        self.slowdown = slowdown
        self.pacedUntil = pacedUntil
        self.spreadUntil = spreadUntil
    }
}

/// A sender's pacing as the scheduler left it after deciding a business message, written
/// with the message's claim so that even a crash before the outcome keeps it.
public struct SenderPacing: Sendable, Hashable {
    /// The next business message starts no earlier.
    public var pacedUntil: Date?
    /// The next business message goes out no earlier.
    public var spreadUntil: Date?

    /// Creates a pacing record.
    public init(pacedUntil: Date?, spreadUntil: Date?) {
        self.pacedUntil = pacedUntil
        self.spreadUntil = spreadUntil
    }
}

/// What the dispatcher reads at start-up to continue where it stopped.
public struct DispatchHistory: Sendable, Hashable {
    /// Persisted status by sender name (senders without a row are absent).
    public var senders: [String: SenderDispatchStatus] = [:]
    /// Each sender's sends since the cutoff asked for, oldest first.
    public var sends: [String: [Date]] = [:]
    /// Each sender's first send ever (in the log), which starts a warm-up ramp.
    public var firstSends: [String: Date] = [:]
    /// Each campaign's sends since the campaign cutoff asked for, oldest first.
    public var campaignSends: [String: [Date]] = [:]

    /// Creates a history.
    public init(
        senders: [String: SenderDispatchStatus] = [:], sends: [String: [Date]] = [:], firstSends: [String: Date] = [:],
        campaignSends: [String: [Date]] = [:]
    ) {
        self.senders = senders
        self.sends = sends
        self.firstSends = firstSends
        self.campaignSends = campaignSends
    }
}
