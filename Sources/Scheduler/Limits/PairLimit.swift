import Foundation

/// How often one sender may message the same contact, modelled on the Cloud API's pair
/// rate limit: one message per `interval` on average, short bursts up to `burst`.
public struct PairLimit: Sendable, Hashable {
    /// Average time between two messages to the same contact.
    public var interval: Duration
    /// Messages that may go back to back before the average applies.
    public var burst: Int

    /// Creates a pair limit.
    public init(interval: Duration, burst: Int) {
        self.interval = interval
        self.burst = burst
    }

    /// One message per 6 seconds per contact, as the Cloud API documents, with bursts of
    /// up to 10: enough for a flow's few quick messages in a row, well below what makes the
    /// provider answer error 131056.
    public static let standard = PairLimit(interval: .seconds(6), burst: 10)

    /// A full bucket for one (sender, contact) pair.
    func makeBucket() -> TokenBucket {
        TokenBucket(interval: interval, burst: burst)
    }
}
