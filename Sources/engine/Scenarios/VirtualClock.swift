import Foundation
import Synchronization

/// Time for scenarios and `engine chat`: it moves only when told to, or when someone
/// sleeps on it (a sleep ends at once and moves the time to its deadline), so a
/// conversation with a 30-minute timeout runs in microseconds and the same way every time.
final class VirtualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    /// The wall-clock date at offset zero.
    let origin: Date
    private let elapsed = Mutex(Duration.zero)

    init(origin: Date) {
        self.origin = origin
    }

    var now: Instant { Instant(offset: elapsed.withLock { $0 }) }
    var minimumResolution: Duration { .nanoseconds(1) }

    /// The current virtual date.
    var date: Date {
        let (seconds, attoseconds) = elapsed.withLock { $0 }.components
        return origin.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Moves the time forward to `date`; an earlier date leaves it where it is.
    func advance(to date: Date) {
        let target = Duration.milliseconds(Int64((date.timeIntervalSince(origin) * 1000).rounded(.up)))
        elapsed.withLock { $0 = max($0, target) }
    }

    /// Moves the time forward by `duration`.
    func advance(by duration: Duration) {
        elapsed.withLock { $0 += duration }
    }

    /// Returns at once, with the time moved to `deadline` if it was earlier.
    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        elapsed.withLock { $0 = max($0, deadline.offset) }
    }
}
