import Foundation

/// An ICU regular expression compiled once, the dialect `validate` checks patterns with.
///
/// Equality and hashing use the pattern and options, which determine the expression.
public struct CompiledRegex: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    /// Whether letters match regardless of case.
    public let isCaseInsensitive: Bool
    private let expression: NSRegularExpression

    /// Compiles `pattern`; nil when it is not a valid ICU pattern.
    init?(_ pattern: String, caseInsensitive: Bool = false) {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return nil
        }
        self.pattern = pattern
        self.isCaseInsensitive = caseInsensitive
        self.expression = expression
    }

    /// Whether the pattern matches anywhere in `text`; anchor it with `^…$` to match the whole text.
    public func matches(_ text: String) -> Bool {
        expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    /// The pattern.
    public var description: String { pattern }

    public static func == (lhs: CompiledRegex, rhs: CompiledRegex) -> Bool {
        lhs.pattern == rhs.pattern && lhs.isCaseInsensitive == rhs.isCaseInsensitive
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(isCaseInsensitive)
    }
}
