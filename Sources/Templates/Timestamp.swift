import Foundation

/// An instant read from a template value, with the UTC offset it should be shown in.
struct Timestamp {
    let date: Date
    let utcOffsetSeconds: Int

    /// Reads ISO 8601 text, unix seconds (a number or numeric text), or fails.
    init?(_ value: TemplateValue) {
        switch value {
        case .int(let seconds):
            self.init(date: Date(timeIntervalSince1970: TimeInterval(seconds)), utcOffsetSeconds: 0)
        case .number(let seconds) where seconds.isFinite:
            self.init(date: Date(timeIntervalSince1970: seconds), utcOffsetSeconds: 0)
        case .string(let text):
            if let parsed = Self.parseISO8601(Array(text.utf8)) {
                self = parsed
            } else if Self.looksNumeric(text), let seconds = Double(text), seconds.isFinite {
                self.init(date: Date(timeIntervalSince1970: seconds), utcOffsetSeconds: 0)
            } else {
                return nil
            }
        default:
            return nil
        }
    }

    init(date: Date, utcOffsetSeconds: Int) {
        self.date = date
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    func formatted(_ pattern: String) -> String {
        // A fresh formatter per call: DateFormatter is not Sendable, and pinning locale,
        // calendar and zone keeps output independent of the host's settings.
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = TimeZone(secondsFromGMT: utcOffsetSeconds) ?? TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// `Double(_:)` also reads "nan", "inf" and hex, which are not timestamps.
    private static func looksNumeric(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCIIDigit || $0 == "." || $0 == "-" }
    }

    /// Reads `YYYY-MM-DD`, optionally followed by `T` (or a space) and `HH:MM[:SS[.fraction]]`
    /// and a zone (`Z`, `±HH`, `±HHMM`, `±HH:MM`). Without a zone the time is UTC.
    private static func parseISO8601(_ bytes: [UInt8]) -> Timestamp? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(digits: 4), reader.skip("-"),
            let month = reader.number(digits: 2), (1...12).contains(month), reader.skip("-"),
            let day = reader.number(digits: 2), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day)) * 86_400
        var offset = 0
        if !reader.isAtEnd {
            guard reader.skip("T") || reader.skip("t") || reader.skip(" "),
                let hour = reader.number(digits: 2), hour < 24, reader.skip(":"),
                let minute = reader.number(digits: 2), minute < 60
            else { return nil }
            seconds += Double(hour * 3_600 + minute * 60)
            if reader.skip(":") {
                guard let second = reader.number(digits: 2), second <= 60 else { return nil }
                seconds += Double(second)
                if reader.skip(".") || reader.skip(",") {
                    guard let fraction = reader.fraction() else { return nil }
                    seconds += fraction
                }
            }
            if reader.skip("Z") || reader.skip("z") {
                offset = 0
            } else if let sign = reader.sign() {
                guard let hours = reader.number(digits: 2), hours <= 18 else { return nil }
                _ = reader.skip(":")
                let minutes = reader.isAtEnd ? 0 : reader.number(digits: 2)
                guard let minutes, minutes < 60 else { return nil }
                offset = sign * (hours * 3_600 + minutes * 60)
            }
            guard reader.isAtEnd else { return nil }
        }
        return Timestamp(date: Date(timeIntervalSince1970: seconds - Double(offset)), utcOffsetSeconds: offset)
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's
    /// algorithm); arithmetic keeps parsing independent of Calendar and time zones.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
