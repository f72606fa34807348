import Foundation
import Manifest

/// A new number's daily ramp of the day quota: `from` on day 1, rising geometrically to
/// `to` on day `days`, and `to` from then on.
///
/// Geometric, not linear: each day allows the same factor more than the day before
/// (50 → 5000 over 10 days is ×1.67 a day: 50, 83, 139, 232, …), which is how providers
/// raise a number's limits and how mail senders warm up an address. A linear ramp would
/// jump from 50 to 600 on day two, the riskiest step of all.
///
/// Days are 24-hour periods counted from the ramp's start (the sender's first send or its
/// creation), not calendar days, so the ramp needs no time zone.
public struct WarmupRamp: Sendable, Hashable {
    /// Days the ramp lasts; at least 1.
    public let days: Int
    /// The day quota on day 1; between 1 and `to`.
    public let from: Int
    /// The day quota on day `days` and after.
    public let to: Int

    /// Creates a ramp; out-of-range values are brought into range.
    public init(days: Int, from: Int, to: Int) {
        self.to = max(1, to)
        self.days = max(1, days)
        self.from = min(max(1, from), self.to)
    }

    /// The ramp a sender's `warmup` asks for, up to its day quota; nil without one.
    public init?(_ warmup: Warmup?, perDay: Int) {
        guard let warmup, warmup.days > 0 else { return nil }
        self.init(days: warmup.days, from: warmup.from, to: perDay)
    }

    /// The day quota on a 1-based day of the ramp (day 0 and before count as day 1).
    public func dayLimit(onDay day: Int) -> Int {
        guard day < days else { return days == 1 && day <= 1 ? from : to }
        guard day > 1 else { return from }
        let ratio = Double(to) / Double(from)
        let exponent = Double(day - 1) / Double(days - 1)
        let value = (Double(from) * pow(ratio, exponent)).rounded()
        return min(to, max(from, Int(value)))
    }

    /// The 1-based day of the ramp that `date` falls on, for a ramp that started at `start`.
    public func day(of date: Date, since start: Date) -> Int {
        let elapsed = date.timeIntervalSince(start)
        guard elapsed > 0 else { return 1 }
        return Int(min(elapsed / 86_400, Double(Int32.max))) + 1
    }

    /// The day quota at `date`.
    public func dayLimit(at date: Date, since start: Date) -> Int {
        dayLimit(onDay: day(of: date, since: start))
    }

    /// The next instant after `date` at which the day quota rises, or nil once the ramp is over.
    func nextIncrease(after date: Date, since start: Date) -> Date? {
        let day = day(of: date, since: start)
        guard day < max(days, 2) else { return nil }
        return start.addingTimeInterval(Double(day) * 86_400)
    }
}
