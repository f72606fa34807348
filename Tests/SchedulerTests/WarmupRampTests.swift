import Foundation
import Manifest
import Scheduler
import Testing

@Suite("WarmupRamp")
struct WarmupRampTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the ramp rises geometrically from its first day to the day quota")
    func geometric() {
        let ramp = WarmupRamp(days: 10, from: 50, to: 5000)
        let limits = (0...12).map { ramp.dayLimit(onDay: $0) }
        #expect(limits == [50, 50, 83, 139, 232, 387, 646, 1077, 1797, 2997, 5000, 5000, 5000])
        for day in 2...10 {
            let ratio = Double(ramp.dayLimit(onDay: day)) / Double(ramp.dayLimit(onDay: day - 1))
            #expect(abs(ratio - 1.668) < 0.02)
        }
    }

    @Test("a one-day ramp holds its first day only; bad values are brought into range")
    func edges() {
        #expect(WarmupRamp(days: 1, from: 10, to: 100).dayLimit(onDay: 1) == 10)
        #expect(WarmupRamp(days: 1, from: 10, to: 100).dayLimit(onDay: 2) == 100)
        #expect(WarmupRamp(days: 0, from: 0, to: 100).from == 1)
        #expect(WarmupRamp(days: 5, from: 900, to: 100).from == 100)
        #expect(WarmupRamp(nil, perDay: 100) == nil)
    }

    @Test("days count in 24-hour periods from the ramp's start")
    func days() {
        let ramp = WarmupRamp(days: 3, from: 10, to: 100)
        #expect(ramp.day(of: start.plus(-5), since: start) == 1)
        #expect(ramp.day(of: start.plus(86_399), since: start) == 1)
        #expect(ramp.day(of: start.plus(86_400), since: start) == 2)
        #expect(ramp.dayLimit(at: start.plus(2 * 86_400), since: start) == 100)
    }

    @Test("the day window waits for the next ramp day when that comes before a slot frees")
    func windowsFollowTheRamp() {
        let ramp = WarmupRamp(days: 3, from: 10, to: 100)
        var windows = QuotaWindows(limits: .standard, warmup: ramp, warmupStart: start)
        for index in 0..<10 { windows.record(sentAt: start.plus(3600 + Double(index) * 60)) }
        #expect(windows.room(in: .day, at: start.plus(4300)) == 0)
        // Day 2 (32 a day) starts at +24 h, an hour before the first send leaves the window.
        #expect(windows.nextAvailable(after: start.plus(4300)) == start.plus(86_400))
        #expect(windows.limit(of: .day, at: start.plus(86_400)) == 32)
    }

    @Test("without a start date the first send starts the ramp")
    func firstSendStarts() {
        var windows = QuotaWindows(limits: .standard, warmup: WarmupRamp(days: 2, from: 5, to: 50))
        #expect(windows.limit(of: .day, at: start) == 5)
        windows.record(sentAt: start.plus(100))
        #expect(windows.warmupStart == start.plus(100))
        #expect(windows.limit(of: .day, at: start.plus(86_499)) == 5)
        #expect(windows.limit(of: .day, at: start.plus(86_500)) == 50)
    }
}
