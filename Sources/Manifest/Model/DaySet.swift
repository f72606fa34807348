/// A set of weekdays written as `mon-fri`, `sat,sun`, `mon,wed-fri`, `daily`,
/// `weekdays`, `weekends`, or a YAML list of day names. Ranges may wrap (`fri-mon`).
public struct DaySet: Sendable, Hashable, CustomStringConvertible {
    /// The day names in week order, Monday first (ISO 8601).
    public static let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Bit `i` is set when day `names[i]` is included.
    public var mask: UInt8

    /// Whether the ISO weekday (1 = Monday ... 7 = Sunday) is included.
    public func contains(isoWeekday: Int) -> Bool {
        (1...7).contains(isoWeekday) && mask & (1 << (isoWeekday - 1)) != 0
    }

    /// Parses the text form.
    public static func parse(_ text: String) -> Result<DaySet, FormatProblem> {
        let lowered = text.trimmingSpaces.lowercased()
        switch lowered {
        case "daily", "every day", "all": return .success(DaySet(mask: 0b111_1111))
        case "weekdays": return .success(DaySet(mask: 0b001_1111))
        case "weekends", "weekend": return .success(DaySet(mask: 0b110_0000))
        default: break
        }
        var mask: UInt8 = 0
        for part in lowered.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
            guard (1...2).contains(bounds.count) else { return .failure(problem(text)) }
            guard let first = index(of: bounds[0]) else { return .failure(problem(text, word: bounds[0])) }
            guard bounds.count == 2 else {
                mask |= 1 << first
                continue
            }
            guard let last = index(of: bounds[1]) else { return .failure(problem(text, word: bounds[1])) }
            var day = first
            while true {
                mask |= 1 << day
                if day == last { break }
                day = (day + 1) % 7
            }
        }
        return .success(DaySet(mask: mask))
    }

    /// Parses one day name of a list form.
    public static func parse(day text: String) -> Result<Int, FormatProblem> {
        guard let day = index(of: text.trimmingSpaces.lowercased()) else { return .failure(problem(text, word: text)) }
        return .success(day)
    }

    private static func index(of word: String) -> Int? {
        if let exact = names.firstIndex(of: word) { return exact }
        let full = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        return full.firstIndex(of: word)
    }

    private static func problem(_ text: String, word: String? = nil) -> FormatProblem {
        let detail = word.map { "'\($0)' is not a day" } ?? "'\(text)' is not a set of days"
        return FormatProblem(detail, help: "use mon, tue, wed, thu, fri, sat, sun, ranges such as mon-fri, lists such as sat,sun, or daily")
    }

    public var description: String {
        (0..<7).filter { mask & (1 << $0) != 0 }.map { Self.names[$0] }.joined(separator: ",")
    }
}
