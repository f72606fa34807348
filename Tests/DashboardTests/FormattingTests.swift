import Foundation
import Testing

@testable import Dashboard

@Suite("Formatting")
struct FormattingTests {
    let now = Date(timeIntervalSince1970: 1_748_874_600)

    @Test("times are UTC, whatever the host's zone")
    func timestamps() {
        #expect(Formatting.timestamp(now) == "2025-06-02 14:30:00 UTC")
        #expect(Formatting.iso8601(now) == "2025-06-02T14:30:00Z")
        #expect(Formatting.clock(now.addingTimeInterval(-5), now: now) == "14:29:55")
        #expect(Formatting.clock(now.addingTimeInterval(-86_400), now: now) == "2025-06-01 14:30")
    }

    @Test("relative times keep the two largest units")
    func relativeTimes() {
        #expect(Formatting.relative(now.addingTimeInterval(3), now: now) == "just now")
        #expect(Formatting.relative(now.addingTimeInterval(-42), now: now) == "42 s ago")
        #expect(Formatting.relative(now.addingTimeInterval(720), now: now) == "in 12 min")
        #expect(Formatting.relative(now.addingTimeInterval(7_500), now: now) == "in 2 h 5 min")
        #expect(Formatting.relative(now.addingTimeInterval(-7_200), now: now) == "2 h ago")
        #expect(Formatting.relative(now.addingTimeInterval(-3 * 86_400 - 4 * 3600), now: now) == "3 d 4 h ago")
    }

    @Test("counts group thousands with commas")
    func counts() {
        #expect(Formatting.count(0) == "0")
        #expect(Formatting.count(999) == "999")
        #expect(Formatting.count(1_000) == "1,000")
        #expect(Formatting.count(1_234_567) == "1,234,567")
        #expect(Formatting.count(-12_345) == "-12,345")
    }

    @Test("widths are clamped percentages with one decimal")
    func widths() {
        #expect(Formatting.width(1, of: 3) == "33.3")
        #expect(Formatting.width(5, of: 0) == "0")
        #expect(Formatting.width(7, of: 5) == "100")
        #expect(Formatting.width(-0.5) == "0")
        #expect(Formatting.width(.nan) == "0")
    }

    @Test("previews are one line, cut with an ellipsis")
    func previews() {
        #expect(Formatting.preview("a\nb\r\nc", limit: 10) == "a b c")
        #expect(Formatting.preview("abcdefghij", limit: 5) == "abcd…")
        #expect(Formatting.preview("abcde", limit: 5) == "abcde")
    }
}
