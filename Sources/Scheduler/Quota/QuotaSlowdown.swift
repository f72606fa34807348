import Foundation
import Transports

/// A temporary cut of every quota window of a sender, after the provider flagged it for
/// spam-like volume (a ``SenderSlowdown`` on a rate-limit outcome).
public struct QuotaSlowdown: Sendable, Hashable {
    /// The share of each limit that stays, in (0, 1].
    public let rateFactor: Double
    /// When the normal limits return.
    public let until: Date
    /// Why, for status and logs.
    public let reason: String

    /// Creates a slowdown; the factor is brought into (0, 1].
    public init(rateFactor: Double, until: Date, reason: String) {
        self.rateFactor = rateFactor.isFinite ? min(1, max(0.000_001, rateFactor)) : 1
        self.until = until
        self.reason = reason
    }

    /// The slowdown a provider asked for at `now`.
    public init(_ slowdown: SenderSlowdown, at now: Date) {
        self.init(rateFactor: slowdown.rateFactor, until: now.addingTimeInterval(slowdown.duration.timeInterval), reason: slowdown.reason)
    }

    /// A limit scaled down, never below 1.
    func scaled(_ limit: Int) -> Int {
        max(1, Int((Double(limit) * rateFactor).rounded(.down)))
    }

    /// This slowdown combined with a later one: the lower rate, the later end.
    func merged(with other: QuotaSlowdown, at now: Date) -> QuotaSlowdown {
        guard until > now else { return other }
        return QuotaSlowdown(rateFactor: min(rateFactor, other.rateFactor), until: max(until, other.until), reason: other.reason)
    }
}
