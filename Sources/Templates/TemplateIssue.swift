/// One problem found while parsing a template, with its exact position.
///
/// Positions are offsets into ``Template/source``: ``range`` counts `Character`s (what a
/// caller needs to compute a column as users see it) and ``utf8Range`` counts UTF-8 bytes.
/// Ranges are never empty.
public struct TemplateIssue: Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem; raw values are stable identifiers for diagnostics and docs.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// `<<` with no `>>` on the same line (or another `<<` before it); the range covers the `<<`.
        case unbalanced = "template.unbalanced"
        /// `<<>>` or `<<  >>`; the range covers the whole insertion.
        case empty = "template.empty"
        /// A path that is not dotted names and indexes, or a missing path before `|`.
        case invalidPath = "template.invalid-path"
        /// A filter name outside ``FilterName``, or a `|` with no filter after it.
        case unknownFilter = "template.unknown-filter"
        /// A missing, unexpected or malformed filter argument.
        case invalidFilterArgument = "template.invalid-filter-argument"
    }

    /// The kind of problem.
    public let code: Code
    /// One line describing the problem, quoting the offending text.
    public let summary: String
    /// How to fix it, when there is more to say than the summary.
    public let help: String?
    /// The offending text as `Character` offsets from the start of the source.
    public let range: Range<Int>
    /// The same text as UTF-8 byte offsets from the start of the source.
    public let utf8Range: Range<Int>

    init(code: Code, summary: String, help: String?, range: Range<Int>, utf8Range: Range<Int>) {
        self.code = code
        self.summary = summary
        self.help = help
        self.range = range
        self.utf8Range = utf8Range
    }

    /// `code [start..<end]: summary (help)`, for logs and test failures.
    public var description: String {
        var text = "\(code.rawValue) [\(range.lowerBound)..<\(range.upperBound)]: \(summary)"
        if let help { text += " (\(help))" }
        return text
    }
}
