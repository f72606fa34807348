import Scheduler

/// How the outbox dispatcher reads, retries and waits.
public struct OutboxDispatcherSettings: Sendable, Hashable {
    /// When messages held back by a rate limit are tried again, and how many attempts a
    /// message gets (an unknown outcome of a resource with `resendUnknown` counts too).
    public var retryPolicy: RetryPolicy
    /// Queued rows read per resource (and per reply kind) for one decision. The scheduler
    /// starts at most a few per sender per tick, so a small window is enough; rows beyond
    /// it are read as the ones ahead of them leave. Also the backlog at which the lanes
    /// hold decisions: while this many messages wait in them unclaimed, ticks decide
    /// nothing more.
    public var candidatesPerResource: Int
    /// The longest the loop sleeps without being woken: rows enqueued by another writer
    /// that does not call ``OutboxDispatcher/wake()`` are found at the latest then.
    public var pollInterval: Duration
    /// How long the loop waits after a failed tick (a busy or failing database) before
    /// trying again.
    public var errorBackoff: Duration
    /// How long a stopping dispatcher waits for the sends in flight to finish; a send
    /// still running then is left `sending`, and the next start marks it unknown.
    public var shutdownGrace: Duration

    /// Creates settings.
    public init(
        retryPolicy: RetryPolicy = .standard, candidatesPerResource: Int = 50, pollInterval: Duration = .seconds(30),
        errorBackoff: Duration = .seconds(5), shutdownGrace: Duration = .seconds(15)
    ) {
        self.shutdownGrace = max(.zero, shutdownGrace)
        self.retryPolicy = retryPolicy
        self.candidatesPerResource = max(1, candidatesPerResource)
        self.pollInterval = max(.milliseconds(1), pollInterval)
        self.errorBackoff = max(.milliseconds(1), errorBackoff)
    }
}
