import Foundation

/// A token bucket: `burst` sends at once, then one per `interval` on average.
///
/// Kept as the generic cell rate algorithm (GCRA), which is a token bucket stored as one
/// instant (the "theoretical arrival time") instead of a token count and a refill time;
/// a full bucket is simply one whose instant has passed. The instant is counted in whole
/// nanoseconds, so that 80 sends at 12.5 ms add up to exactly one second: floating-point
/// seconds since 2001 would drift by microseconds and refuse the 80th.
public struct TokenBucket: Sendable, Hashable {
    /// Nanoseconds per token.
    private let intervalNanoseconds: Int64
    /// Tokens a full bucket holds.
    public let burst: Int
    /// When the bucket would be exactly full again, in nanoseconds since the reference date.
    private var fullAtNanoseconds: Int64?

    /// Creates a full bucket.
    public init(interval: Duration, burst: Int) {
        let parts = interval.components
        let nanoseconds = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let total =
            nanoseconds.overflow || nanoseconds.partialValue > Self.longestInterval
            ? Self.longestInterval : nanoseconds.partialValue + parts.attoseconds / 1_000_000_000
        intervalNanoseconds = min(Self.longestInterval, max(0, total))
        self.burst = min(max(1, burst), 1_000_000)
    }

    /// Creates a full bucket that refills `perSecond` tokens a second.
    public init(perSecond: Double, burst: Int) {
        let nanoseconds = perSecond > 0 && perSecond.isFinite ? (1e9 / perSecond).rounded() : 0
        self.init(interval: .nanoseconds(Int64(min(nanoseconds, Double(Self.longestInterval)))), burst: burst)
    }

    /// About eleven days: no rate limit is slower, and the arithmetic stays far from overflow.
    private static let longestInterval: Int64 = 1_000_000_000_000_000

    /// Seconds per token.
    public var interval: TimeInterval { Double(intervalNanoseconds) / 1e9 }

    /// When the bucket is full again; nil for a bucket never drawn on.
    public var fullAt: Date? { fullAtNanoseconds.map(Self.date) }

    private var toleranceNanoseconds: Int64 {
        let product = Int64(burst - 1).multipliedReportingOverflow(by: intervalNanoseconds)
        return product.overflow ? 1_000_000_000_000_000_000 : min(product.partialValue, 1_000_000_000_000_000_000)
    }

    /// The earliest instant at or after `date` at which a token is there.
    public func nextAvailable(after date: Date) -> Date {
        guard let fullAtNanoseconds else { return date }
        let available = fullAtNanoseconds - toleranceNanoseconds
        return available <= Self.nanoseconds(date) ? date : Self.date(available)
    }

    /// Whether the bucket is full at `date`, so that forgetting it changes nothing.
    public func isFull(at date: Date) -> Bool {
        fullAtNanoseconds.map { $0 <= Self.nanoseconds(date) } ?? true
    }

    /// Takes a token at `date`. Taking one that is not there yet is allowed (the caller
    /// checked ``nextAvailable(after:)``) and simply pushes later tokens back.
    public mutating func take(at date: Date) {
        let now = Self.nanoseconds(date)
        fullAtNanoseconds = max(fullAtNanoseconds ?? now, now) + intervalNanoseconds
    }

    /// Empties the bucket until `date`: no token before it, one at it.
    public mutating func hold(until date: Date) {
        let held = Self.nanoseconds(date) + toleranceNanoseconds
        fullAtNanoseconds = max(fullAtNanoseconds ?? held, held)
    }

    /// Whole nanoseconds since the reference date, clamped to ±100 years around it.
    private static func nanoseconds(_ date: Date) -> Int64 {
        let limit = 100 * 366 * 86_400.0
        return Int64((min(limit, max(-limit, date.timeIntervalSinceReferenceDate)) * 1e9).rounded())
    }

    private static func date(_ nanoseconds: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(nanoseconds) / 1e9)
    }
}
