import Manifest

/// The local days and times during which sending is allowed; outside them are the
/// quiet hours.
///
/// A wall-clock rule: an instant is inside when its local weekday is listed and its
/// local time lies in `from..<to`. When `to` is earlier than `from` the hours run
/// overnight and belong to the day they start on (`fri 22:00-06:00` covers Saturday
/// morning). Equal `from` and `to` never open (validation rejects them).
public struct OpeningHours: Sendable, Hashable {
    /// The days the hours start on.
    public var days: DaySet
    /// Opening time.
    public var from: TimeOfDay
    /// Closing time (not included); `24:00` is the end of the day.
    public var to: TimeOfDay

    /// Creates opening hours.
    public init(days: DaySet, from: TimeOfDay, to: TimeOfDay) {
        self.days = days
        self.from = from
        self.to = to
    }

    /// The hours of a configured window.
    public init(_ window: TimeWindow) {
        self.init(days: window.days, from: window.from, to: window.to)
    }

    /// Whether the hours ever open.
    public var opensAtAll: Bool { days.mask & 0b111_1111 != 0 && from != to }

    /// Whether a local wall-clock time is inside.
    /// - Parameters:
    ///   - isoWeekday: 1 for Monday … 7 for Sunday.
    ///   - minuteOfDay: 0…1439.
    public func contains(isoWeekday: Int, minuteOfDay: Int) -> Bool {
        if from < to {
            return days.contains(isoWeekday: isoWeekday) && minuteOfDay >= from.minutes && minuteOfDay < to.minutes
        }
        guard from != to else { return false }
        let previous = isoWeekday == 1 ? 7 : isoWeekday - 1
        return (days.contains(isoWeekday: isoWeekday) && minuteOfDay >= from.minutes)
            || (days.contains(isoWeekday: previous) && minuteOfDay < to.minutes)
    }
}
