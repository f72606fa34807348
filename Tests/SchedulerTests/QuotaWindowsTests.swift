import Foundation
import Scheduler
import Testing
import Transports

@Suite("QuotaWindows")
struct QuotaWindowsTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("empty windows have the full limits as room")
    func emptyRoom() {
        let windows = QuotaWindows(limits: .standard)
        #expect(windows.room(at: start) == QuotaRoom(minute: 20, hour: 500, day: 5000))
        #expect(windows.nextAvailable(after: start) == start)
    }

    @Test("a full minute frees its first slot exactly 60 seconds after the oldest send")
    func minuteSlides() {
        var windows = QuotaWindows(limits: .standard)
        for second in 0..<20 { windows.record(sentAt: start.plus(Double(second))) }
        #expect(windows.room(in: .minute, at: start.plus(19)) == 0)
        #expect(windows.room(in: .hour, at: start.plus(19)) == 480)
        let next = windows.nextAvailable(after: start.plus(19))
        #expect(next == start.plus(60))
        #expect(windows.room(in: .minute, at: next) == 1)
        #expect(windows.room(in: .minute, at: next.plus(-0.001)) == 0)
        #expect(windows.count(in: .minute, at: start.plus(79)) == 0)
    }

    @Test("the next available instant satisfies every window at once")
    func allWindows() {
        var windows = QuotaWindows(limits: QuotaLimits(perMinute: 5, perHour: 10, perDay: 12))
        // Ten sends, two minutes apart: the hour is full after the last.
        for index in 0..<10 { windows.record(sentAt: start.plus(Double(index) * 120)) }
        let afterLast = start.plus(1080)
        #expect(windows.room(at: afterLast) == QuotaRoom(minute: 4, hour: 0, day: 2))
        #expect(windows.nextAvailable(after: afterLast) == start.plus(3600))
        windows.record(sentAt: start.plus(3600))
        windows.record(sentAt: start.plus(3720))
        // The day now holds 12: nothing until the first send leaves the day window.
        #expect(windows.room(in: .day, at: start.plus(3720)) == 0)
        #expect(windows.nextAvailable(after: start.plus(3720)) == start.plus(86_400))
    }

    @Test("windows rebuilt from the send log answer like the windows that saw each send")
    func restartContinues() {
        var random = Fixtures.random(11)
        var live = QuotaWindows(limits: .standard)
        var log: [Date] = []
        var instant = start
        for _ in 0..<3000 {
            instant = instant.plus(Double.random(in: 1...40, using: &random))
            live.record(sentAt: instant)
            log.append(instant)
        }
        let restarted = QuotaWindows(limits: .standard, sends: log.shuffled(using: &random))
        for offset in stride(from: 0.0, through: 90_000, by: 997) {
            let probe = instant.plus(offset - 45_000)
            #expect(restarted.room(at: probe) == live.room(at: probe))
            #expect(restarted.nextAvailable(after: probe) == live.nextAvailable(after: probe))
        }
    }

    @Test("room and next available match a brute-force count over random logs")
    func matchesBruteForce() {
        var random = Fixtures.random(3)
        let limits = QuotaLimits(perMinute: 4, perHour: 30, perDay: 90)
        for _ in 0..<20 {
            var windows = QuotaWindows(limits: limits)
            var log: [Date] = []
            var instant = start
            for _ in 0..<200 {
                let query = instant.plus(Double.random(in: 0...600, using: &random))
                let next = windows.nextAvailable(after: query)
                #expect(Self.bruteForceHasRoom(log, limits: limits, at: next))
                #expect(next == query || !Self.bruteForceHasRoom(log, limits: limits, at: next.plus(-0.001)))
                for window in QuotaWindow.allCases {
                    let counted = log.count { $0 <= query && window.expiry(of: $0) > query }
                    #expect(windows.count(in: window, at: query) == counted)
                }
                windows.record(sentAt: next)
                log.append(next)
                instant = next
            }
        }
    }

    @Test("out-of-order sends are counted and old ones are pruned")
    func pruning() {
        var windows = QuotaWindows(limits: QuotaLimits(perMinute: 1000, perHour: 100_000, perDay: 100_000))
        for index in 0..<20_000 { windows.record(sentAt: start.plus(Double(index) * 17.28)) }
        // 17.28 s apart: 5000 sends fit in one day.
        #expect(windows.retainedSends <= 5001)
        let last = start.plus(19_999 * 17.28)
        windows.record(sentAt: last.plus(-30))
        #expect(windows.count(in: .minute, at: last) == 5)
    }

    @Test("a slowdown cuts every limit until it ends")
    func slowdown() {
        var windows = QuotaWindows(limits: QuotaLimits(perMinute: 10, perHour: 100, perDay: 1000))
        let slowdown = QuotaSlowdown(SenderSlowdown(rateFactor: 0.5, duration: .seconds(120), reason: "spam"), at: start)
        windows.slowDown(slowdown, at: start)
        #expect(windows.limit(of: .minute, at: start) == 5)
        #expect(windows.limit(of: .day, at: start) == 500)
        #expect(windows.limit(of: .minute, at: start.plus(120)) == 10)
        for second in 0..<5 { windows.record(sentAt: start.plus(Double(second))) }
        #expect(windows.nextAvailable(after: start.plus(4)) == start.plus(60))
        for second in 80..<85 { windows.record(sentAt: start.plus(Double(second))) }
        // At 100 s the minute holds 5 sends until 140 s, but at 120 s the limit is back to 10.
        #expect(windows.nextAvailable(after: start.plus(100)) == start.plus(120))
    }

    static func bruteForceHasRoom(_ log: [Date], limits: QuotaLimits, at instant: Date) -> Bool {
        QuotaWindow.allCases.allSatisfy { window in
            log.count { $0 <= instant && window.expiry(of: $0) > instant } < limits[window]
        }
    }
}
