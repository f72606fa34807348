import Foundation
import Transports

/// When a message that met a rate limit or a passing outage is tried again, and when
/// it is given up.
///
/// The provider's word wins: a ``RetryAdvice`` with a delay (its Retry-After, or the
/// transport's own backoff for the error) is used as given, uncapped, because retrying
/// sooner only meets the same limit. Without advice, or with a zero delay, the delay
/// grows exponentially from `baseDelay`, at most `maxDelay`, with "equal jitter" (half
/// the delay fixed, half drawn at random) so that messages held back together do not
/// return together.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included, before the message fails.
    public var maxAttempts: Int
    /// The backoff before the second attempt.
    public var baseDelay: Duration
    /// The longest backoff.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maxDelay = max(self.baseDelay, maxDelay)
    }

    /// 8 attempts, backing off from 5 seconds to at most 15 minutes.
    public static let standard = RetryPolicy(maxAttempts: 8, baseDelay: .seconds(5), maxDelay: .seconds(900))

    /// When to try again after attempt number `attempt` (1 for the first) was held back,
    /// or nil when that was the last attempt allowed.
    public func nextAttempt(
        after attempt: Int, advice: RetryAdvice?, now: Date, using random: inout some RandomNumberGenerator
    ) -> Date? {
        guard attempt < maxAttempts else { return nil }
        if let advice, advice.delay > .zero {
            return now.addingTimeInterval(advice.delay.timeInterval)
        }
        return now.addingTimeInterval(backoff(after: attempt, using: &random))
    }

    /// The jittered exponential backoff after attempt `attempt`, in seconds.
    func backoff(after attempt: Int, using random: inout some RandomNumberGenerator) -> TimeInterval {
        let base = baseDelay.timeInterval, cap = maxDelay.timeInterval
        let exponent = Double(min(max(attempt - 1, 0), 60))
        let delay = min(cap, base * pow(2, exponent))
        guard delay > 0 else { return 0 }
        return delay / 2 + Double.random(in: 0...(delay / 2), using: &random)
    }
}
