/// The outcome of ``Template/parse(_:)``: a template and every problem found in it.
public struct TemplateParseResult: Sendable, Hashable {
    /// The template, with problematic parts degraded as described on ``Template/parse(_:)``.
    public let template: Template
    /// Every problem, ordered by position; empty when the source is valid.
    public let issues: [TemplateIssue]

    init(template: Template, issues: [TemplateIssue]) {
        self.template = template
        self.issues = issues
    }

    /// Whether the source parsed without problems.
    public var isValid: Bool { issues.isEmpty }
}
