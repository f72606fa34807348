/// A filter applied to an inserted value, with its parsed argument.
///
/// Filters run left to right. A missing value passes through every filter unchanged
/// except `default` (which replaces it) and `json` (which writes `null`), so a chain
/// such as `upper | default: "x"` still falls back to `x`. Text filters (`upper`, `lower`,
/// `title`, `trim`, `truncate`, `urlencode`, `phone`) first turn the value into the text it
/// would render as.
public enum Filter: Sendable, Hashable, CustomStringConvertible {
    /// Replaces a missing value, `null`, or empty text with the literal (a string or number).
    case `default`(TemplateValue)
    /// Uppercases the text.
    case upper
    /// Lowercases the text.
    case lower
    /// Uppercases the first letter of every whitespace-separated word and leaves the rest;
    /// combine with `lower` first to normalise shouted input.
    case title
    /// Removes whitespace and newlines at both ends.
    case trim
    /// Keeps the first `n` characters (user-perceived `Character`s, not bytes) and adds no ellipsis; `n` is positive.
    case truncate(Int)
    /// Writes the value as compact JSON (`null` when missing); strings gain quotes.
    ///
    /// When it is the last filter and the template renders with ``Escaping/jsonString``,
    /// the output is inserted verbatim, so `{"items": <<flow.items | json>>}` yields valid JSON.
    case json
    /// Percent-encodes the text's UTF-8 bytes outside the RFC 3986 unreserved set.
    ///
    /// When it is the last filter and the template renders with ``Escaping/urlComponent``,
    /// the output is inserted verbatim instead of being encoded twice.
    case urlencode
    /// Formats an ISO 8601 date-time or unix seconds with a `DateFormatter` pattern.
    ///
    /// Uses the POSIX locale and the Gregorian calendar, in UTC unless an ISO 8601 value
    /// carries an offset, in which case it keeps that offset. Values that are not dates
    /// pass through unchanged.
    case date(format: String)
    /// Writes a phone number in E.164 form: `+` followed by its digits.
    ///
    /// Spaces, dots, dashes, parentheses and other non-digits are dropped and a leading
    /// `00` is read as `+`. A value without digits becomes empty. No country code is added.
    case phone

    /// The filter's name as written in templates.
    public var name: FilterName {
        switch self {
        case .default: .default
        case .upper: .upper
        case .lower: .lower
        case .title: .title
        case .trim: .trim
        case .truncate: .truncate
        case .json: .json
        case .urlencode: .urlencode
        case .date: .date
        case .phone: .phone
        }
    }

    /// The filter as it would be written in a template, e.g. `truncate: 20`.
    public var description: String {
        switch self {
        case .default(let value): "default: \(value.literalText)"
        case .truncate(let count): "truncate: \(count)"
        case .date(let format): "date: \(TemplateValue.string(format).literalText)"
        case .upper, .lower, .title, .trim, .json, .urlencode, .phone: name.rawValue
        }
    }
}
