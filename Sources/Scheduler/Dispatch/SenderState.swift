import Foundation

/// Everything the dispatcher tracks about one sender.
///
/// Built from the store on start (send log, health, pause) and then kept by the
/// ``Dispatcher``; what it changes here the daemon persists.
public struct SenderState: Sendable {
    /// What the configuration says.
    public internal(set) var profile: SenderProfile
    /// Whether the transport session is up.
    public internal(set) var isConnected: Bool
    /// The sliding quota windows.
    public internal(set) var quota: QuotaWindows
    /// Health score, failure streak and pause.
    public internal(set) var health: SenderHealth
    /// A sender-wide rate limit or outage holds it back until then.
    public internal(set) var backoffUntil: Date?
    /// When it last started a message: the least recently used sender goes first.
    public internal(set) var lastUsedAt: Date?
    /// The rank of its last start among the dispatcher's starts, which orders senders last
    /// used at the same instant; 0 when it started nothing since the dispatcher was made.
    var lastStart = 0
    /// It is typing or sending until then and starts nothing before.
    public internal(set) var busyUntil: Date?
    /// Pacing: the next business message starts no earlier.
    public internal(set) var pacedUntil: Date?
    /// Spreading: the next business message goes out no earlier.
    public internal(set) var spreadUntil: Date?
    /// The provider's throughput cap.
    var throughput: TokenBucket?
    /// The last answer of ``QuotaWindows/nextAvailable(after:)``, valid until the next send.
    private var quotaAnswer: QuotaAnswer?

    /// A question to the quota windows and its answer.
    private struct QuotaAnswer: Sendable {
        var asked: Date
        var available: Date
    }

    /// Creates a sender's state, fresh or as persisted.
    /// - Parameters:
    ///   - sends: the instants of its sends of at least the last 24 hours, from the send log.
    ///   - warmupStart: its first send ever, or its creation, when it has a warm-up ramp.
    ///   - slowdown: a provider slowdown still in force.
    ///   - backoffUntil: a sender-wide backoff still in force.
    ///   - pacedUntil: the pacing pause of its last business message, as persisted, so that
    ///     a restart does not let the next one start sooner than the pause allows.
    ///   - spreadUntil: the spreading of its quotas after its last business message.
    public init(
        profile: SenderProfile, sends: [Date] = [], warmupStart: Date? = nil, slowdown: QuotaSlowdown? = nil, backoffUntil: Date? = nil,
        health: SenderHealth = SenderHealth(), isConnected: Bool = true, pacedUntil: Date? = nil, spreadUntil: Date? = nil
    ) {
        self.profile = profile
        self.isConnected = isConnected
        self.quota = QuotaWindows(limits: profile.limits, warmup: profile.warmup, warmupStart: warmupStart, slowdown: slowdown, sends: sends)
        self.health = health
        self.backoffUntil = backoffUntil
        self.lastUsedAt = quota.lastSend
        self.busyUntil = quota.lastSend
        self.pacedUntil = pacedUntil
        self.spreadUntil = spreadUntil
        self.throughput = profile.transportLimits.makeThroughputBucket()
    }

    /// The sender's name.
    public var name: String { profile.name }

    /// Whether it may be selected at all: enabled, connected, not paused, healthy.
    public var isSelectable: Bool { profile.isEnabled && isConnected && health.isSelectable }

    /// ``QuotaWindows/nextAvailable(after:)``, answered from the last answer while nothing was sent.
    ///
    /// With no send after `asked`, the instants with room form one interval starting at
    /// `available`, so a later question has the answer `max(date, available)`.
    mutating func quotaAvailable(after date: Date) -> Date {
        if let quotaAnswer, quotaAnswer.asked <= date {
            return max(date, quotaAnswer.available)
        }
        let available = quota.nextAvailable(after: date)
        quotaAnswer = QuotaAnswer(asked: date, available: available)
        return available
    }

    /// Counts a message started at `startAt` that goes out at `sendAt`.
    mutating func recordSend(startAt: Date, sendAt: Date) {
        quota.record(sentAt: sendAt)
        throughput?.take(at: sendAt)
        busyUntil = max(busyUntil ?? sendAt, sendAt)
        lastUsedAt = startAt
        quotaAnswer = nil
    }

    /// Applies a slowdown to the quota windows.
    mutating func slowDown(_ slowdown: QuotaSlowdown, at now: Date) {
        quota.slowDown(slowdown, at: now)
        quotaAnswer = nil
    }
}
