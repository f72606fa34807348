import Templates

/// A compiled JSON request body: the YAML tree with every text parsed as a template.
///
/// Scalars keep their JSON meaning when they are written as one: `true`, `false`, `null`
/// and JSON numbers (`12`, `-3.5`, not `012` or `+1`) are sent unquoted; every other text
/// is a JSON string whose literal text and inserted values are both escaped. A text that is
/// exactly one insertion ending in the `json` filter (`"<<vars.items | json>>"`) inserts the
/// value itself — a number, list or object — instead of a string. YAML quoting is not kept
/// by the loader, so `"12"` is sent as the number 12 as well.
public indirect enum BodyTemplate: Sendable, Codable {
    /// A JSON literal written verbatim: a number, `true`, `false` or `null`.
    case literal(String)
    /// A JSON string rendered from a template.
    case string(Template)
    /// A single `json`-filtered insertion, written as the JSON it renders to.
    case value(Template)
    /// A JSON array.
    case array([BodyTemplate])
    /// A JSON object whose members keep the order written.
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Codable {
        /// The key, as written.
        public let key: String
        /// The value.
        public let value: BodyTemplate
    }
}
