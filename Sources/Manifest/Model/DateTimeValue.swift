/// An instant written in RFC 3339 with an explicit offset: `2026-11-27T09:00:00+01:00`.
///
/// A time without an offset is refused: the engine runs on servers whose clock zone
/// nobody remembers, and a schedule must mean the same everywhere.
public struct DateTimeValue: Sendable, Hashable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64
    /// The offset the user wrote, in seconds east of UTC.
    public var offsetSeconds: Int
    /// The text as written.
    public var text: String

    public var description: String { text }

    /// Parses `YYYY-MM-DDTHH:MM[:SS[.fraction]](Z|±HH:MM)`; a space may stand for `T`.
    public static func parse(_ text: String) -> Result<DateTimeValue, FormatProblem> {
        let help = "write it in RFC 3339 with an offset, quoted, such as \"2026-11-27T09:00:00+01:00\" or \"2026-11-27T08:00:00Z\""
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ width: Int) -> Int? {
            guard position + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[position..<position + width] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect("Tt "), let hour = number(2), expect(":"), let minute = number(2)
        else { return .failure(FormatProblem("'\(text)' is not a date and time", help: help)) }
        var second = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ":") {
            position += 1
            guard let value = number(2) else { return .failure(FormatProblem("'\(text)' is not a date and time", help: help)) }
            second = value
            if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
                position += 1
                let start = position
                while position < bytes.count, (48...57).contains(bytes[position]) { position += 1 }
                guard position > start else { return .failure(FormatProblem("'\(text)' is not a date and time", help: help)) }
            }
        }
        var offset = 0
        if expect("Zz") {
            offset = 0
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            let sign = bytes[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let hours = number(2), expect(":"), let minutes = number(2), hours <= 23, minutes <= 59 else {
                return .failure(FormatProblem("'\(text)' has an invalid offset", help: help))
            }
            offset = sign * (hours * 3600 + minutes * 60)
        } else {
            return .failure(FormatProblem("'\(text)' has no offset from UTC", help: help))
        }
        guard position == bytes.count else { return .failure(FormatProblem("'\(text)' is not a date and time", help: help)) }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour <= 23, minute <= 59, second <= 60
        else { return .failure(FormatProblem("'\(text)' is not a valid calendar date and time", help: help)) }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return .success(DateTimeValue(secondsSince1970: local - Int64(offset), offsetSeconds: offset, text: text))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
