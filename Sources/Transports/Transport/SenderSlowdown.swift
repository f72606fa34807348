/// A request to send more slowly from one sender, and to tell a person why.
///
/// Raised with a ``RetryAdvice`` when the provider limits a number for spam-like
/// behaviour (Cloud API error 131048). Retrying alone would hit the limit again: the
/// scheduler should scale the sender's quotas by ``rateFactor`` for ``duration`` and
/// record an event (log, status, metric) so someone looks at the campaign's quality.
public struct SenderSlowdown: Sendable, Hashable {
    /// The share of the sender's normal rate to use meanwhile, in (0, 1].
    public var rateFactor: Double
    /// How long to keep the reduced rate.
    public var duration: Duration
    /// Why, for the event.
    public var reason: String

    /// Creates a slowdown request.
    public init(rateFactor: Double, duration: Duration, reason: String) {
        self.rateFactor = rateFactor
        self.duration = duration
        self.reason = reason
    }
}
