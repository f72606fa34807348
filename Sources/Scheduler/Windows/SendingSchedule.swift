import Foundation
import Manifest

/// When a campaign may send: not before its start, inside its opening hours in its time
/// zone, and at most `dailyCap` messages per local day.
///
/// Local times are read with Foundation's `Calendar`, so daylight-saving changes are
/// exact: opening hours follow the wall clock (09:00 is 08:00 UTC in Berlin in winter and
/// 07:00 UTC in summer). An opening that falls in the hour skipped in spring opens when
/// the clocks jump; an hour repeated in autumn is inside or outside both times.
public struct SendingSchedule: Sendable, Hashable {
    /// Nothing goes before this instant.
    public let start: Date?
    /// Quiet hours are the time outside these; nil means any time.
    public let hours: OpeningHours?
    /// The zone the hours and days are read in.
    public let timeZone: TimeZone
    /// Messages per local day, over all of the campaign's senders; nil for no cap.
    public let dailyCap: Int?
    private let calendar: Calendar

    /// Creates a schedule.
    public init(start: Date? = nil, hours: OpeningHours? = nil, timeZone: TimeZone = .gmt, dailyCap: Int? = nil) {
        self.start = start
        self.hours = hours
        self.timeZone = timeZone
        self.dailyCap = dailyCap.map { max(0, $0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// A campaign's schedule, in its own time zone or else the configuration's; nil when
    /// the zone is not a known IANA identifier (validation reports it).
    public init?(_ schedule: Schedule, settings: Settings) {
        guard let timeZone = TimeZone(identifier: schedule.timezone ?? settings.timezone) else { return nil }
        self.init(
            start: schedule.start.map { Date(timeIntervalSince1970: TimeInterval($0.secondsSince1970)) },
            hours: schedule.window.map(OpeningHours.init), timeZone: timeZone, dailyCap: schedule.dailyCap)
    }

    /// Whether a message may go out at `date`: after the start and inside the opening hours.
    public func isOpen(at date: Date) -> Bool {
        if let start, date < start { return false }
        return isWithinHours(date)
    }

    /// The earliest instant at or after `date` at which the schedule is open; nil when it never opens.
    public func nextOpening(after date: Date) -> Date? {
        let from = max(date, start ?? date)
        if isWithinHours(from) { return from }
        guard let hours, hours.opensAtAll else { return nil }
        // Openings happen at a local `from`, or when a daylight-saving change moves the
        // wall clock into the hours.
        let best = firstInstant(of: hours.from, after: from, where: isWithinHours)
        return earliestTransition(after: from, before: best ?? from.addingTimeInterval(9 * 86_400), where: isWithinHours) ?? best
    }

    /// The first instant at or after `date` at which the schedule is closed (the end of the
    /// open period `date` is in); `date` itself when closed then, nil when it never closes.
    public func closing(after date: Date) -> Date? {
        if !isOpen(at: date) { return date }
        guard let hours else { return nil }
        let best = firstInstant(of: hours.to, after: date) { !isWithinHours($0) }
        return earliestTransition(after: date, before: best ?? date.addingTimeInterval(9 * 86_400)) { !isWithinHours($0) } ?? best
    }

    /// The local calendar day `date` falls on (23 or 25 hours long on a daylight-saving change).
    public func day(containing date: Date) -> DateInterval {
        calendar.dateInterval(of: .day, for: date) ?? DateInterval(start: date, duration: 86_400)
    }

    /// Whether the local wall-clock time of `date` is inside the opening hours.
    private func isWithinHours(_ date: Date) -> Bool {
        guard let hours else { return true }
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return false }
        // Calendar counts Sunday as 1; ISO counts Monday as 1.
        let isoWeekday = (weekday + 5) % 7 + 1
        return hours.contains(isoWeekday: isoWeekday, minuteOfDay: hour * 60 + minute)
    }

    /// The first instant after `date`, within the next eight days, at which the local wall
    /// clock reads `time` and `accept` holds.
    private func firstInstant(of time: TimeOfDay, after date: Date, where accept: (Date) -> Bool) -> Date? {
        let today = calendar.startOfDay(for: date)
        for offset in -1...8 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: today) else { continue }
            if let found = instants(of: time, on: day).first(where: { $0 > date && accept($0) }) { return found }
        }
        return nil
    }

    /// The instants the local wall clock reads `time` on the local day starting at `day`:
    /// two in the hour repeated in autumn; in the hour skipped in spring, the moment the
    /// clocks jump.
    private func instants(of time: TimeOfDay, on day: Date) -> [Date] {
        guard time.minutes < 24 * 60 else { return calendar.date(byAdding: .day, value: 1, to: day).map { [$0] } ?? [] }
        let first = calendar.date(
            bySettingHour: time.minutes / 60, minute: time.minutes % 60, second: 0, of: day, matchingPolicy: .nextTime,
            repeatedTimePolicy: .first, direction: .forward)
        let last = calendar.date(
            bySettingHour: time.minutes / 60, minute: time.minutes % 60, second: 0, of: day, matchingPolicy: .nextTime,
            repeatedTimePolicy: .last, direction: .forward)
        guard let first else { return last.map { [$0] } ?? [] }
        guard let last, last != first else { return [first] }
        return [min(first, last), max(first, last)]
    }

    /// The first daylight-saving change in `(date, limit)` for which `accept` holds.
    private func earliestTransition(after date: Date, before limit: Date, where accept: (Date) -> Bool) -> Date? {
        var transition = timeZone.nextDaylightSavingTimeTransition(after: date)
        while let current = transition, current < limit {
            if accept(current) { return current }
            transition = timeZone.nextDaylightSavingTimeTransition(after: current)
        }
        return nil
    }
}
