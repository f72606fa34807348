/// The names of the filters a template may use after `|`.
///
/// The set is closed: any other name is reported as `template.unknown-filter`.
public enum FilterName: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// `default: literal` — used when the value is missing, null or empty text.
    case `default`
    /// `upper` — uppercases the text.
    case upper
    /// `lower` — lowercases the text.
    case lower
    /// `title` — uppercases the first letter of every word.
    case title
    /// `trim` — removes whitespace and newlines at both ends.
    case trim
    /// `truncate: n` — keeps the first `n` characters.
    case truncate
    /// `json` — writes the value as compact JSON.
    case json
    /// `urlencode` — percent-encodes everything outside the RFC 3986 unreserved set.
    case urlencode
    /// `date: "pattern"` — formats an ISO 8601 date-time or unix seconds.
    case date
    /// `phone` — writes a phone number as `+` and digits.
    case phone

    /// Whether the filter must be written as `name: argument`; the others take none.
    public var takesArgument: Bool {
        switch self {
        case .default, .truncate, .date: true
        case .upper, .lower, .title, .trim, .json, .urlencode, .phone: false
        }
    }

    /// A correct use of the filter, for help texts.
    public var example: String {
        switch self {
        case .default: #"default: "there""#
        case .truncate: "truncate: 20"
        case .date: #"date: "yyyy-MM-dd""#
        case .upper, .lower, .title, .trim, .json, .urlencode, .phone: rawValue
        }
    }

    /// The name as written in templates.
    public var description: String { rawValue }
}
