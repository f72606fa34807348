/// Splits a template source into segments in one left-to-right pass, collecting issues.
///
/// Works on an array of `Character`s so every offset it reports is a character offset,
/// which is what users see as columns. Each character is scanned a bounded number of
/// times, so parsing is linear in the source length.
struct TemplateParser {
    let source: String
    let characters: [Character]
    private var segments: [Segment] = []
    private var pendingText = ""
    private var issues: [TemplateIssue] = []
    /// UTF-8 offset of each character, built only when the first issue needs it.
    private var utf8Offsets: [Int]?

    init(source: String) {
        self.source = source
        self.characters = Array(source)
    }

    mutating func parse() -> TemplateParseResult {
        var index = 0
        while index < characters.count {
            if characters[index] == "\\" && isOpener(at: index + 1) {
                pendingText.append("<<")
                index += 3
            } else if isOpener(at: index) {
                if let closer = findCloser(from: index + 2) {
                    parseInsertion(range: index..<closer + 2, body: index + 2..<closer)
                    index = closer + 2
                } else {
                    report(
                        .unbalanced, "'<<' has no matching '>>'",
                        help: #"Close the insertion with '>>' on the same line, or write '\<<' for a literal '<<'"#,
                        range: index..<index + 2)
                    // Keeping the '<<' as text lets a later '<<' on the line start a fresh insertion.
                    pendingText.append("<<")
                    index += 2
                }
            } else {
                // Plain text runs to the next possible `<<` or `\<<`; appending it in one
                // piece rather than a character at a time matters for long texts.
                var end = index + 1
                while end < characters.count, characters[end] != "<", characters[end] != "\\" { end += 1 }
                pendingText.append(contentsOf: characters[index..<end])
                index = end
            }
        }
        flushText()
        issues.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        return TemplateParseResult(template: Template(source: source, segments: segments), issues: issues)
    }

    func isOpener(at index: Int) -> Bool {
        index + 1 < characters.count && characters[index] == "<" && characters[index + 1] == "<"
    }

    private func isCloser(at index: Int) -> Bool {
        index + 1 < characters.count && characters[index] == ">" && characters[index + 1] == ">"
    }

    /// The index of the `>>` closing an insertion whose body starts at `start`, or `nil`.
    ///
    /// Insertions end at the line end, and a second `<<` means the first was never closed.
    /// Quoted filter arguments may contain `>>`, `<<` and `|`; if a quote is left open,
    /// the search is repeated ignoring quotes so the argument error is reported instead
    /// of an unbalanced insertion.
    private func findCloser(from start: Int) -> Int? {
        var index = start
        var inQuote = false
        while index < characters.count, !characters[index].isNewline {
            let character = characters[index]
            if inQuote {
                if character == "\\" && index + 1 < characters.count && !characters[index + 1].isNewline {
                    index += 2
                    continue
                }
                if character == "\"" { inQuote = false }
            } else if character == "\"" {
                inQuote = true
            } else if isCloser(at: index) {
                return index
            } else if isOpener(at: index) {
                return nil
            }
            index += 1
        }
        return inQuote ? findCloserIgnoringQuotes(from: start) : nil
    }

    private func findCloserIgnoringQuotes(from start: Int) -> Int? {
        var index = start
        while index < characters.count, !characters[index].isNewline {
            if isCloser(at: index) { return index }
            if isOpener(at: index) { return nil }
            index += 1
        }
        return nil
    }

    mutating func append(_ insertion: Insertion) {
        flushText()
        segments.append(.insertion(insertion))
    }

    mutating func appendText(_ range: Range<Int>) {
        pendingText.append(contentsOf: characters[range])
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        segments.append(.text(pendingText))
        pendingText = ""
    }

    mutating func report(_ code: TemplateIssue.Code, _ summary: String, help: String?, range: Range<Int>) {
        let offsets = utf8Offsets ?? computeUTF8Offsets()
        utf8Offsets = offsets
        issues.append(
            TemplateIssue(
                code: code, summary: summary, help: help, range: range,
                utf8Range: offsets[range.lowerBound]..<offsets[range.upperBound]))
    }

    private func computeUTF8Offsets() -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(characters.count + 1)
        var offset = 0
        for character in characters {
            offsets.append(offset)
            offset += character.utf8.count
        }
        offsets.append(offset)
        return offsets
    }

    func trimmed(_ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, characters[lower].isWhitespace { lower += 1 }
        while upper > lower, characters[upper - 1].isWhitespace { upper -= 1 }
        return lower..<upper
    }

    func skipWhitespace(from index: Int, to end: Int) -> Int {
        var index = index
        while index < end, characters[index].isWhitespace { index += 1 }
        return index
    }
}
