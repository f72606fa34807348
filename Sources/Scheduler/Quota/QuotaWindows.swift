import Foundation

/// A sender's minute, hour and day quotas as exact sliding windows over its send instants.
///
/// Built from the persisted send log (the last 24 hours are enough) and updated with
/// ``record(sentAt:)`` as sends happen, so a restart continues where it stopped. Holds one
/// instant per send of the last day (5000 at the default quota) in a deque; every query is
/// a binary search.
///
/// Queries assume that no recorded send lies after the instant asked about, which holds
/// for a sender that is busy until its last send has gone out; earlier instants are
/// answered too, just not as the earliest possible.
public struct QuotaWindows: Sendable, Hashable {
    /// The configured limits.
    public let limits: QuotaLimits
    /// The warm-up ramp of the day limit, if any.
    public let warmup: WarmupRamp?
    /// When the warm-up ramp started: the creation date passed in, else the first send recorded.
    public private(set) var warmupStart: Date?
    /// A temporary cut of every limit, if one applies or applied.
    public private(set) var slowdown: QuotaSlowdown?
    private var sends: SendTimes

    /// Creates the windows of a sender.
    /// - Parameters:
    ///   - sends: past send instants in any order; only the last 24 hours matter.
    ///   - warmupStart: when the sender's warm-up began (its first send ever, or its creation).
    ///     Without it, the first send recorded here starts the ramp.
    ///   - slowdown: a slowdown still in force, as persisted.
    public init(
        limits: QuotaLimits = .standard, warmup: WarmupRamp? = nil, warmupStart: Date? = nil, slowdown: QuotaSlowdown? = nil, sends: [Date] = []
    ) {
        self.limits = limits
        self.warmup = warmup
        self.slowdown = slowdown
        self.sends = SendTimes(sends)
        self.warmupStart = warmupStart ?? (warmup == nil || self.sends.isEmpty ? nil : Date(timeIntervalSinceReferenceDate: self.sends[0]))
        pruneExpired()
    }

    /// The latest send recorded.
    public var lastSend: Date? { sends.last.map(Date.init(timeIntervalSinceReferenceDate:)) }

    /// How many send instants are held: those of the 24 hours before the latest send.
    public var retainedSends: Int { sends.count }

    /// The limit of `window` in force at `date`, after warm-up and slowdown.
    public func limit(of window: QuotaWindow, at date: Date) -> Int {
        var limit = limits[window]
        if window == .day, let warmup {
            // Before the first send the ramp has not started: day 1.
            limit = min(limit, warmupStart.map { warmup.dayLimit(at: date, since: $0) } ?? warmup.from)
        }
        if let slowdown, date < slowdown.until {
            limit = slowdown.scaled(limit)
        }
        return limit
    }

    /// Sends that count in `window` at `date`: those made in `(date - length, date]`.
    public func count(in window: QuotaWindow, at date: Date) -> Int {
        bounds(in: window, at: date).count
    }

    /// How many more sends `window` takes at `date`.
    public func room(in window: QuotaWindow, at date: Date) -> Int {
        max(0, limit(of: window, at: date) - count(in: window, at: date))
    }

    /// The room of every window at `date`.
    public func room(at date: Date) -> QuotaRoom {
        QuotaRoom(minute: room(in: .minute, at: date), hour: room(in: .hour, at: date), day: room(in: .day, at: date))
    }

    /// Whether a send at `date` fits in all three windows.
    public func hasRoom(at date: Date) -> Bool {
        QuotaWindow.allCases.allSatisfy { room(in: $0, at: date) > 0 }
    }

    /// The earliest instant at or after `date` at which all three windows have room.
    ///
    /// Exact: it is either `date` or the instant an older send leaves a window (or a
    /// warm-up day or slowdown ends), and every window has room at it.
    public func nextAvailable(after date: Date) -> Date {
        var instant = date
        while true {
            let before = instant
            for window in QuotaWindow.allCases {
                instant = earliestRoom(in: window, from: instant)
            }
            if instant == before { return instant }
        }
    }

    /// Counts a send made at `sentAt` in every window.
    ///
    /// The first send recorded starts a warm-up ramp that had no start yet.
    public mutating func record(sentAt: Date) {
        if warmup != nil, warmupStart == nil { warmupStart = sentAt }
        sends.insert(sentAt.timeIntervalSinceReferenceDate)
        pruneExpired()
    }

    /// Cuts every limit by the slowdown's factor until it ends; a slowdown already in force
    /// at `now` keeps the lower factor and the later end.
    public mutating func slowDown(_ slowdown: QuotaSlowdown, at now: Date) {
        self.slowdown = self.slowdown.map { $0.merged(with: slowdown, at: now) } ?? slowdown
    }

    /// The send instants held, oldest first.
    var sendInstants: [Date] { sends.dates }

    /// The room of `window` at `date`, and the oldest send that counts in it then, in
    /// seconds since the reference date.
    func roomAndOldestSend(in window: QuotaWindow, at date: Date) -> (room: Int, oldest: Double?) {
        let bounds = bounds(in: window, at: date)
        return (max(0, limit(of: window, at: date) - bounds.count), bounds.isEmpty ? nil : sends[bounds.lowerBound])
    }

    /// Positions of the sends counting at `date`.
    private func bounds(in window: QuotaWindow, at date: Date) -> Range<Int> {
        let instant = date.timeIntervalSinceReferenceDate
        // Usually no send is later than the instant asked about: skip that search.
        let upper = (sends.last ?? instant) <= instant ? sends.count : sends.firstIndex(after: instant)
        let lower = sends.firstIndex(expiringAfter: instant, length: window.length)
        return min(lower, upper)..<upper
    }

    /// The earliest instant at or after `start` at which `window` alone has room.
    private func earliestRoom(in window: QuotaWindow, from start: Date) -> Date {
        var instant = start
        while true {
            let limit = limit(of: window, at: instant)
            let bounds = bounds(in: window, at: instant)
            if bounds.count < limit { return instant }
            // The (count - limit + 1)-th oldest send must leave, unless the limit rises first.
            let freed = window.expiry(of: Date(timeIntervalSinceReferenceDate: sends[bounds.upperBound - limit]))
            if let change = nextLimitChange(after: instant), change < freed {
                instant = change
            } else {
                instant = freed
            }
        }
    }

    /// The next instant after `date` at which a limit rises: a warm-up day or the end of a slowdown.
    private func nextLimitChange(after date: Date) -> Date? {
        var change: Date?
        if let warmup, let start = warmupStart, let next = warmup.nextIncrease(after: date, since: start) {
            change = next
        }
        if let slowdown, slowdown.until > date {
            change = min(change ?? slowdown.until, slowdown.until)
        }
        return change
    }

    private mutating func pruneExpired() {
        sends.removeExpired(length: QuotaWindow.day.length)
    }
}
