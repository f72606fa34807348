/// Thrown by ``Template/init(_:)`` when the source has problems.
public struct TemplateSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source that failed to parse.
    public let source: String
    /// Every problem found, ordered by position; never empty.
    public let issues: [TemplateIssue]

    init(source: String, issues: [TemplateIssue]) {
        self.source = source
        self.issues = issues
    }

    /// The issues, one per line.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
