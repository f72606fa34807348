import Foundation

/// `GET /api/status`: the revision running, the last one tried, and while the files are
/// invalid, why.
///
/// "Last good config wins": after an invalid edit the engine keeps running
/// `appliedRevision`; `attemptedRevision` and `diagnostics` say what was refused.
public struct RevisionStatus: Sendable, Hashable, Codable {
    /// The revision running: a git commit (`abc123`, `abc123+dirty`) or `sha256:<hash>`.
    public var appliedRevision: String?
    public var appliedAt: Date?
    /// The last revision tried, applied or not.
    public var attemptedRevision: String?
    public var attemptedAt: Date?
    /// The last attempt's outcome: `applied`, `failed`, `partial` or `invalid`.
    public var outcome: String?
    /// The last attempt's one-line summary.
    public var summary: String?
    /// The files' problems now; empty while they are valid.
    public var diagnostics: [ConfigDiagnostic]

    /// Whether the files as they are now are running: no error among the diagnostics.
    public var isValid: Bool { !diagnostics.contains { $0.severity == "error" } }

    public init(
        appliedRevision: String? = nil, appliedAt: Date? = nil, attemptedRevision: String? = nil, attemptedAt: Date? = nil, outcome: String? = nil,
        summary: String? = nil, diagnostics: [ConfigDiagnostic] = []
    ) {
        self.appliedRevision = appliedRevision
        self.appliedAt = appliedAt
        self.attemptedRevision = attemptedRevision
        self.attemptedAt = attemptedAt
        self.outcome = outcome
        self.summary = summary
        self.diagnostics = diagnostics
    }

    private enum CodingKeys: String, CodingKey {
        case appliedRevision, appliedAt, attemptedRevision, attemptedAt, outcome, summary, diagnostics, valid
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        appliedRevision = try container.decodeIfPresent(String.self, forKey: .appliedRevision)
        appliedAt = try container.decodeIfPresent(Date.self, forKey: .appliedAt)
        attemptedRevision = try container.decodeIfPresent(String.self, forKey: .attemptedRevision)
        attemptedAt = try container.decodeIfPresent(Date.self, forKey: .attemptedAt)
        outcome = try container.decodeIfPresent(String.self, forKey: .outcome)
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        diagnostics = try container.decodeIfPresent([ConfigDiagnostic].self, forKey: .diagnostics) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(appliedRevision, forKey: .appliedRevision)
        try container.encodeIfPresent(appliedAt, forKey: .appliedAt)
        try container.encodeIfPresent(attemptedRevision, forKey: .attemptedRevision)
        try container.encodeIfPresent(attemptedAt, forKey: .attemptedAt)
        try container.encodeIfPresent(outcome, forKey: .outcome)
        try container.encodeIfPresent(summary, forKey: .summary)
        try container.encode(diagnostics, forKey: .diagnostics)
        try container.encode(isValid, forKey: .valid)
    }
}
