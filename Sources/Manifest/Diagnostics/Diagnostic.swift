/// A problem found in user input, with enough context for a person to fix it.
///
/// Diagnostics are collected, never thrown: validation reports every problem at once.
/// The `code` is stable and scripts may match on it; the wording of `summary` may change.
public struct Diagnostic: Sendable, Hashable {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The configuration cannot be used.
        case error
        /// The configuration works but is probably not what was meant.
        case warning
    }

    /// Error or warning.
    public var severity: Severity
    /// The stable code, such as `config.unknown-key`.
    public var code: Code
    /// One line saying what is wrong.
    public var summary: String
    /// Where the problem is.
    public var location: SourceLocation
    /// How many characters the caret underlines (at least 1).
    public var length: Int
    /// The resource the problem belongs to, as `Kind/name`, when known.
    public var resource: String?
    /// The field inside the resource, as a dotted path such as `nodes.ask.next`.
    public var fieldPath: String?
    /// Extra facts, each printed as a `note:` line.
    public var notes: [String]
    /// What to do about it, printed as a `help:` line.
    public var help: String?

    /// Creates a diagnostic; see the properties for the meaning of each field.
    public init(
        _ severity: Severity,
        _ code: Code,
        _ summary: String,
        at location: SourceLocation,
        length: Int = 1,
        resource: String? = nil,
        fieldPath: String? = nil,
        notes: [String] = [],
        help: String? = nil
    ) {
        self.severity = severity
        self.code = code
        self.summary = summary
        self.location = location
        self.length = max(1, length)
        self.resource = resource
        self.fieldPath = fieldPath
        self.notes = notes
        self.help = help
    }

    /// Shorthand for an error.
    public static func error(
        _ code: Code, _ summary: String, at location: SourceLocation, length: Int = 1,
        fieldPath: String? = nil, notes: [String] = [], help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.error, code, summary, at: location, length: length, fieldPath: fieldPath, notes: notes, help: help)
    }

    /// Shorthand for a warning.
    public static func warning(
        _ code: Code, _ summary: String, at location: SourceLocation, length: Int = 1,
        fieldPath: String? = nil, notes: [String] = [], help: String? = nil
    ) -> Diagnostic {
        Diagnostic(.warning, code, summary, at: location, length: length, fieldPath: fieldPath, notes: notes, help: help)
    }

    /// True for errors.
    public var isError: Bool { severity == .error }
}

extension Diagnostic: Comparable {
    /// Sorted by file, line, column, then errors before warnings, then code, so output is stable.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity == .error }
        if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
        return lhs.summary < rhs.summary
    }
}
