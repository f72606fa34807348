import Foundation
import Manifest
import Scheduler
import Testing

@Suite("SendingSchedule")
struct SendingScheduleTests {
    typealias F = Fixtures

    func weekdays() throws -> SendingSchedule {
        SendingSchedule(hours: try F.hours("mon-fri", "09:00", "18:00"), timeZone: F.berlin)
    }

    @Test("opening hours follow the local wall clock, to the second")
    func isOpen() throws {
        let schedule = try weekdays()
        #expect(schedule.isOpen(at: try F.date("2026-03-26T09:00:00+01:00")))
        #expect(!schedule.isOpen(at: try F.date("2026-03-26T08:59:59+01:00")))
        #expect(schedule.isOpen(at: try F.date("2026-03-26T17:59:59+01:00")))
        #expect(!schedule.isOpen(at: try F.date("2026-03-26T18:00:00+01:00")))
        #expect(!schedule.isOpen(at: try F.date("2026-03-28T12:00:00+01:00")))
        // In summer time 09:00 in Berlin is 07:00 UTC.
        #expect(schedule.isOpen(at: try F.date("2026-03-30T07:00:00Z")))
        #expect(!schedule.isOpen(at: try F.date("2026-03-30T06:59:59Z")))
    }

    @Test("Friday evening's next opening is Monday 09:00, an hour earlier in UTC after the clocks change")
    func nextOpeningAcrossDST() throws {
        let schedule = try weekdays()
        let friday = try F.date("2026-03-27T18:00:00+01:00")
        #expect(schedule.nextOpening(after: friday) == (try F.date("2026-03-30T07:00:00Z")))
        #expect(schedule.nextOpening(after: try F.date("2026-03-30T10:00:00+02:00")) == (try F.date("2026-03-30T10:00:00+02:00")))
        #expect(schedule.closing(after: try F.date("2026-03-30T10:00:00+02:00")) == (try F.date("2026-03-30T18:00:00+02:00")))
        #expect(schedule.closing(after: friday) == friday)
        // And back in autumn: Friday 23 October to Monday 26 October.
        #expect(schedule.nextOpening(after: try F.date("2026-10-23T18:30:00+02:00")) == (try F.date("2026-10-26T08:00:00Z")))
    }

    @Test("overnight hours belong to the day they start on")
    func overnight() throws {
        let schedule = SendingSchedule(hours: try F.hours("fri", "22:00", "06:00"), timeZone: F.berlin)
        #expect(schedule.isOpen(at: try F.date("2026-03-27T22:00:00+01:00")))
        #expect(schedule.isOpen(at: try F.date("2026-03-28T05:59:00+01:00")))
        #expect(!schedule.isOpen(at: try F.date("2026-03-28T06:00:00+01:00")))
        #expect(!schedule.isOpen(at: try F.date("2026-03-28T22:30:00+01:00")))
        #expect(schedule.closing(after: try F.date("2026-03-27T23:00:00+01:00")) == (try F.date("2026-03-28T06:00:00+01:00")))
        #expect(schedule.nextOpening(after: try F.date("2026-03-28T07:00:00+01:00")) == (try F.date("2026-04-03T22:00:00+02:00")))
    }

    @Test("an opening in the hour skipped in spring opens when the clocks jump")
    func skippedHour() throws {
        let schedule = SendingSchedule(hours: try F.hours("daily", "02:30", "04:00"), timeZone: F.berlin)
        let night = try F.date("2026-03-29T00:00:00+01:00")
        #expect(schedule.nextOpening(after: night) == (try F.date("2026-03-29T01:00:00Z")))
        #expect(schedule.closing(after: try F.date("2026-03-29T01:00:00Z")) == (try F.date("2026-03-29T04:00:00+02:00")))
    }

    @Test("hours that end inside the hour repeated in autumn close and open again with the wall clock")
    func repeatedHour() throws {
        let schedule = SendingSchedule(hours: try F.hours("daily", "01:00", "02:30"), timeZone: F.berlin)
        let firstOpening = try F.date("2026-10-25T01:00:00+02:00")
        #expect(schedule.nextOpening(after: try F.date("2026-10-24T23:00:00Z")) == firstOpening)
        // 02:30 summer time (00:30 UTC) closes; the clocks go back at 01:00 UTC to 02:00 winter
        // time, inside the hours again until 02:30 winter time (01:30 UTC).
        #expect(schedule.closing(after: firstOpening) == (try F.date("2026-10-25T00:30:00Z")))
        #expect(schedule.nextOpening(after: try F.date("2026-10-25T00:30:00Z")) == (try F.date("2026-10-25T01:00:00Z")))
        #expect(schedule.closing(after: try F.date("2026-10-25T01:00:00Z")) == (try F.date("2026-10-25T01:30:00Z")))
    }

    @Test("nothing opens before the start; hours that never open have no opening")
    func startAndNever() throws {
        let start = try F.date("2026-03-31T12:00:00+02:00")
        let schedule = SendingSchedule(start: start, hours: try F.hours("mon-fri", "09:00", "18:00"), timeZone: F.berlin)
        #expect(!schedule.isOpen(at: try F.date("2026-03-31T11:00:00+02:00")))
        #expect(schedule.nextOpening(after: try F.date("2026-03-30T08:00:00+02:00")) == start)
        let late = SendingSchedule(
            start: try F.date("2026-03-31T19:00:00+02:00"), hours: try F.hours("mon-fri", "09:00", "18:00"), timeZone: F.berlin)
        #expect(late.nextOpening(after: start) == (try F.date("2026-04-01T09:00:00+02:00")))
        let never = SendingSchedule(hours: try F.hours("mon", "09:00", "09:00"), timeZone: F.berlin)
        #expect(never.nextOpening(after: start) == nil)
        let always = SendingSchedule()
        #expect(always.isOpen(at: start) && always.closing(after: start) == nil)
        let wholeDays = SendingSchedule(hours: try F.hours("daily", "00:00", "24:00"), timeZone: F.berlin)
        #expect(wholeDays.closing(after: start) == nil)
    }

    @Test("a local day is 23 hours long when the clocks go forward")
    func shortDay() throws {
        let schedule = SendingSchedule(timeZone: F.berlin)
        let day = schedule.day(containing: try F.date("2026-03-29T12:00:00+02:00"))
        #expect(day.start == (try F.date("2026-03-29T00:00:00+01:00")))
        #expect(day.duration == 23 * 3600)
    }
}
