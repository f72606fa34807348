/// A wall-clock time `HH:MM`, 24-hour; `24:00` means the end of the day.
public struct TimeOfDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes since midnight, 0...1440.
    public var minutes: Int

    /// Parses `HH:MM`.
    public static func parse(_ text: String) -> Result<TimeOfDay, FormatProblem> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]),
            parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit)
        else {
            return .failure(FormatProblem("'\(text)' is not a time of day", help: "write it as HH:MM on a 24-hour clock, quoted: \"09:00\""))
        }
        guard (0...23).contains(hours) && (0...59).contains(minutes) || (hours == 24 && minutes == 0) else {
            return .failure(
                FormatProblem(
                    "'\(text)' is not a time of day", help: "hours run 00-23 and minutes 00-59 (24:00 means midnight at the end of the day)"))
        }
        return .success(TimeOfDay(minutes: hours * 60 + minutes))
    }

    public var description: String {
        let hours = minutes / 60, rest = minutes % 60
        return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
    }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.minutes < rhs.minutes }
}
