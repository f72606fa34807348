/// A problem found while reading CSV text, positioned at a physical line and column.
///
/// The reader collects issues and carries on with the next record, so one pass reports
/// every problem in a file. A record with an issue is never handed to the caller.
public struct CSVIssue: Hashable, Sendable {
    /// The stable, machine-readable identity of an issue; the raw value is part of the
    /// diagnostics contract and never changes once published.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A quoted field has no closing quote before the end of the file.
        case unterminatedQuote = "csv.unterminated-quote"
        /// A `"` appears inside a field that did not start with one.
        case strayQuote = "csv.stray-quote"
        /// Text follows a closing quote before the next delimiter or line end.
        case textAfterQuote = "csv.text-after-quote"
        /// A row has a different number of fields than the header.
        case fieldCount = "csv.field-count"
        /// A field holds bytes that are not valid UTF-8.
        case invalidUTF8 = "csv.invalid-utf8"
    }

    /// What went wrong.
    public let code: Code
    /// One line that says what is wrong, for a person.
    public let summary: String
    /// What to do about it, when there is something useful to say.
    public let help: String?
    /// The 1-based physical line, counting every line break including those inside quotes.
    public let line: Int
    /// The 1-based column in Unicode scalars (not bytes) from the start of `line`.
    public let column: Int

    /// Creates an issue; positions are 1-based.
    public init(code: Code, summary: String, help: String? = nil, line: Int, column: Int) {
        self.code = code
        self.summary = summary
        self.help = help
        self.line = line
        self.column = column
    }
}
