/// When an `http` node's call is tried again, and after how long: a pure function of the
/// attempt and the outcome, so the backoff is tested without a clock.
///
/// A transient failure (timeout, refused or reset connection), a 5xx and a 429 are
/// retried, up to the node's `retries` extra attempts. The wait doubles from
/// ``initialDelay`` up to ``maximumDelay``; a `Retry-After` the server sent is honoured
/// when it is longer, up to ``maximumDelay`` too, so one slow API cannot park an
/// execution for hours. There is no jitter: calls of one execution are sequential, and
/// executions rarely retry against the same API in lockstep.
public struct HTTPRetryPolicy: Sendable, Hashable {
    /// The wait before the first retry.
    public var initialDelay: Duration
    /// The longest wait between attempts.
    public var maximumDelay: Duration

    /// A policy; by default 1 s doubling up to 30 s.
    public init(initialDelay: Duration = .seconds(1), maximumDelay: Duration = .seconds(30)) {
        self.initialDelay = initialDelay
        self.maximumDelay = max(initialDelay, maximumDelay)
    }

    /// Whether a response with `status` is worth another attempt.
    public func isRetryable(status: Int) -> Bool {
        status == 429 || (500...599).contains(status)
    }

    /// The wait before retry number `retry` (1 for the first), given what the server asked for.
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(1, retry) where delay < maximumDelay { delay *= 2 }
        if let retryAfter, retryAfter > delay { delay = retryAfter }
        return min(delay, maximumDelay)
    }
}
