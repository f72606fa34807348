import Foundation

/// Text for numbers, times and bar widths, independent of the host's locale and time zone so
/// the page (and its golden file) reads the same everywhere: times in UTC, `,` between
/// thousands, `.` before decimals.
enum Formatting {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar
    }()

    /// `2025-06-01 09:30:05 UTC`.
    static func timestamp(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(day(parts)) \(time(parts)) UTC"
    }

    /// `2025-06-01T09:30:05Z`, for `<time datetime>`.
    static func iso8601(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return "\(day(parts))T\(time(parts))Z"
    }

    /// `09:30:05` when `date` falls on the same UTC day as `now`, otherwise `2025-05-31 23:59`.
    static func clock(_ date: Date, now: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        if calendar.isDate(date, inSameDayAs: now) { return time(parts) }
        return "\(day(parts)) \(pad(parts.hour)):\(pad(parts.minute))"
    }

    /// How far `date` lies from `now`: `just now`, `4 min ago`, `in 2 h 5 min`, `3 d ago`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded())
        let span = duration(abs(seconds))
        if abs(seconds) < 10 { return "just now" }
        return seconds > 0 ? "in \(span)" : "\(span) ago"
    }

    /// `42 s`, `12 min`, `2 h 5 min`, `3 d 4 h`: the two largest units at most.
    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<60: return "\(seconds) s"
        case ..<3600: return "\(seconds / 60) min"
        case ..<86_400:
            let minutes = seconds / 60 % 60
            return minutes == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(minutes) min"
        default:
            let hours = seconds / 3600 % 24
            return hours == 0 ? "\(seconds / 86_400) d" : "\(seconds / 86_400) d \(hours) h"
        }
    }

    /// `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return value < 0 ? "-" + grouped : grouped
    }

    /// A CSS percentage for `part` of `whole`, clamped to 0...100 with one decimal: `42.5`.
    static func width(_ part: Int, of whole: Int) -> String {
        whole > 0 ? width(Double(part) / Double(whole)) : "0"
    }

    /// A CSS percentage for a fraction, clamped to 0...100 with one decimal: `42.5`.
    static func width(_ fraction: Double) -> String {
        let tenths = fraction.isFinite ? Int((min(max(fraction, 0), 1) * 1000).rounded()) : 0
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(tenths % 10)"
    }

    /// The text cut to `limit` characters, with an ellipsis when cut, on one line.
    static func preview(_ text: String, limit: Int) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > limit ? line.prefix(limit - 1) + "…" : line
    }

    private static func day(_ parts: DateComponents) -> String {
        "\(parts.year ?? 0)-\(pad(parts.month))-\(pad(parts.day))"
    }

    private static func time(_ parts: DateComponents) -> String {
        "\(pad(parts.hour)):\(pad(parts.minute)):\(pad(parts.second))"
    }

    private static func pad(_ value: Int?) -> String {
        let value = value ?? 0
        return value < 10 ? "0\(value)" : "\(value)"
    }
}
