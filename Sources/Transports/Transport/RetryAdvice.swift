/// When to try a message again, and what to hold back until then.
public struct RetryAdvice: Sendable, Hashable {
    /// What a rate limit or outage covers, so the scheduler holds back the right sends.
    public enum Scope: String, Sendable, Hashable {
        /// Only this (sender, recipient) pair; other recipients go on.
        case recipient
        /// Everything from this sender (phone number).
        case sender
        /// Everything sent through this provider account or app.
        case application
    }

    /// How long to wait before the next try: the provider's Retry-After when it sent
    /// one, else a backoff that grows with the attempt number.
    public var delay: Duration
    /// What to hold back until then.
    public var scope: Scope
    /// The provider's code verbatim, or a local one (`http.could-not-connect`).
    public var code: String
    /// What happened, for logs and status.
    public var reason: String
    /// Set when the provider flags the sender for spam-like volume (Cloud API 131048):
    /// slow the sender down as well as retrying, and raise an event.
    public var slowdown: SenderSlowdown?

    /// Creates advice.
    public init(delay: Duration, scope: Scope, code: String, reason: String, slowdown: SenderSlowdown? = nil) {
        self.delay = delay
        self.scope = scope
        self.code = code
        self.reason = reason
        self.slowdown = slowdown
    }
}
