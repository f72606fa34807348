/// How inserted values are escaped for the place the rendered text goes.
///
/// Only inserted values are escaped; the template's own text is trusted and written as is.
/// If the last filter already encodes for the target (`json` under ``jsonString``,
/// `urlencode` under ``urlComponent``), the value is written verbatim so it is never
/// encoded twice. Avoid spelling `Optional<Escaping>.none` ambiguously: write
/// `Escaping.none` where an optional is expected.
public enum Escaping: Sendable, Hashable {
    /// Values are inserted unchanged (message texts).
    case none
    /// Values are percent-encoded outside the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`),
    /// for URL paths and query values.
    case urlComponent
    /// Values are escaped for the inside of a JSON string literal: `"`, `\` and control characters.
    case jsonString

    func escape(_ text: String) -> String {
        switch self {
        case .none: text
        case .urlComponent: text.percentEncodedComponent()
        case .jsonString: text.jsonEscaped()
        }
    }

    /// Whether `filter`'s output is already encoded for this escaping.
    func isSatisfied(by filter: Filter?) -> Bool {
        switch (self, filter) {
        case (.jsonString, .json?), (.urlComponent, .urlencode?): true
        default: false
        }
    }
}
