/// Parses durations written as `100ms`, `2s`, `10m`, `1h30m`, `1d`.
///
/// Units must appear largest first and at most once each, so `30m1h` and `1s1s` are
/// rejected rather than guessed at.
public enum DurationValue {
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("ms", 1), ("m", 60_000), ("s", 1000),
    ]
    private static let order: [String] = ["d", "h", "m", "s", "ms"]

    /// The duration in milliseconds, or a message saying what is wrong.
    public static func parse(_ text: String) -> Result<Duration, FormatProblem> {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { return .failure(FormatProblem("an empty duration")) }
        if trimmed.allSatisfy(\.isASCIIDigit) {
            return .failure(FormatProblem("'\(text)' has no unit", help: "add a unit: '\(trimmed)s' for seconds, '\(trimmed)ms' for milliseconds"))
        }
        var total: Int64 = 0
        var index = trimmed.startIndex
        var lastRank = -1
        while index < trimmed.endIndex {
            let digitsStart = index
            while index < trimmed.endIndex, trimmed[index].isASCIIDigit { index = trimmed.index(after: index) }
            guard digitsStart != index, let amount = Int64(trimmed[digitsStart..<index]) else {
                return .failure(FormatProblem("'\(text)' is not a duration", help: "write it like 500ms, 2s, 10m, 1h30m or 1d"))
            }
            let rest = trimmed[index...]
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else {
                return .failure(FormatProblem("'\(text)' is not a duration", help: "units are ms, s, m, h and d, as in 500ms, 2s, 10m, 1h30m"))
            }
            let rank = order.firstIndex(of: unit.suffix)!
            guard rank > lastRank else {
                return .failure(
                    FormatProblem(
                        "'\(text)' repeats a unit or lists a smaller unit before a larger one",
                        help: "write units largest first, each once, as in 1h30m"))
            }
            lastRank = rank
            let (product, overflow) = amount.multipliedReportingOverflow(by: unit.milliseconds)
            guard !overflow, product <= 366 * 86_400_000 * 100 else {
                return .failure(FormatProblem("'\(text)' is too long a duration"))
            }
            total += product
            index = trimmed.index(index, offsetBy: unit.suffix.count)
        }
        return .success(.milliseconds(total))
    }
}

/// What is wrong with a value that has the right type but the wrong form.
public struct FormatProblem: Error, Sendable, Hashable {
    /// Completes "expected …, found …" style summaries: what was found.
    public var message: String
    /// What to write instead.
    public var help: String?

    /// Creates a problem description.
    public init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { (48...57).contains($0) } ?? false }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// Whether the text contains `<<`, checked on bytes: Foundation's `contains` goes
    /// through a locale-aware search and this runs for every template.
    var containsInsertionOpener: Bool {
        var previous: UInt8 = 0
        for byte in utf8 {
            if byte == UInt8(ascii: "<"), previous == UInt8(ascii: "<") { return true }
            previous = byte
        }
        return false
    }

    /// Whether the text spans lines, checked on bytes.
    var containsNewline: Bool { utf8.contains(UInt8(ascii: "\n")) }
}
