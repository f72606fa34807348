/// The text of one file, kept so diagnostics can quote the offending line.
public struct SourceFile: Sendable {
    /// The path as shown to the user (see ``SourceLocation/file``).
    public let displayPath: String
    /// The file's lines without their terminators.
    public private(set) var lines: [Substring]

    /// Splits `text` into lines; `\r\n` and `\n` both end a line.
    public init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
    }

    /// Masks `length` characters from `column` of `line` (both 1-based) with `*`, so no
    /// excerpt ever shows a secret written as a literal. Columns stay aligned.
    public mutating func redact(line: Int, column: Int, length: Int) {
        guard line >= 1, line <= lines.count else { return }
        let text = Array(lines[line - 1])
        let start = min(max(0, column - 1), text.count)
        let end = min(text.count, start + max(1, length))
        lines[line - 1] = Substring(String(text[..<start]) + String(repeating: "*", count: end - start) + String(text[end...]))
    }

    /// The 1-based `number`th line, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lines.count else { return nil }
        return lines[number - 1]
    }
}
