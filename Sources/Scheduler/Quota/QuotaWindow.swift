import Foundation

/// One of a sender's three sliding quota windows.
///
/// A send at instant `t` counts in a window of length `L` at every instant `x` with
/// `t <= x < t + L`: it frees its slot at exactly `t + L`.
public enum QuotaWindow: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// Any 60 seconds.
    case minute
    /// Any 3600 seconds.
    case hour
    /// Any 24 hours (86,400 seconds, whatever the clocks do).
    case day

    /// The window's length in seconds.
    public var length: TimeInterval {
        switch self {
        case .minute: 60
        case .hour: 3600
        case .day: 86_400
        }
    }

    public var description: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .day: "day"
        }
    }

    /// The instant a send made at `sentAt` leaves this window.
    ///
    /// Every comparison against the window goes through this one expression, so a date
    /// returned by ``QuotaWindows/nextAvailable(after:)`` is exactly the instant a slot frees.
    public func expiry(of sentAt: Date) -> Date {
        sentAt.addingTimeInterval(length)
    }
}
