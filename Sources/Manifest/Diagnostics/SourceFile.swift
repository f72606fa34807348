/// The text of one file, kept so diagnostics can quote the offending line.
///
/// Lines are found by one pass over the UTF-8 bytes and cut out only when asked for:
/// most files never need an excerpt.
public struct SourceFile: Sendable {
    /// The path as shown to the user (see ``SourceLocation/file``).
    public let displayPath: String
    private var text: String
    /// UTF-8 offset of the start of each line.
    private let lineStarts: [Int]
    /// Lines masked by ``redact(line:column:length:)``, by number.
    private var redacted: [Int: Substring] = [:]

    /// Indexes `text`; `\r\n` and `\n` both end a line.
    public init(displayPath: String, text: String) {
        self.displayPath = displayPath
        self.text = text
        var starts = [0]
        var offset = 0
        for byte in text.utf8 {
            offset += 1
            if byte == UInt8(ascii: "\n") { starts.append(offset) }
        }
        self.lineStarts = starts
    }

    /// How many lines the file has (a final newline starts an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based `number`th line without its terminator, or nil past the end.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        if let masked = redacted[number] { return masked }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: lineStarts[number - 1])
        var end = number < lineStarts.count ? utf8.index(utf8.startIndex, offsetBy: lineStarts[number] - 1) : utf8.endIndex
        if end > start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") { end = utf8.index(before: end) }
        return text[start..<end]
    }

    /// Masks `length` characters from `column` of `line` (both 1-based) with `*`, so no
    /// excerpt ever shows a secret written as a literal. Columns stay aligned.
    public mutating func redact(line: Int, column: Int, length: Int) {
        guard let current = self.line(line) else { return }
        let characters = Array(current)
        let start = min(max(0, column - 1), characters.count)
        let end = min(characters.count, start + max(1, length))
        redacted[line] = Substring(String(characters[..<start]) + String(repeating: "*", count: end - start) + String(characters[end...]))
    }
}
