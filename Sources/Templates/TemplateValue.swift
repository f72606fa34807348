/// A value a template can insert: the JSON data model, with integers kept apart from doubles.
///
/// Build values from Swift literals (`"Ann"`, `3`, `2.5`, `true`, `[…]`, `[:]`; write `.null` for null,
/// because a `nil` literal would be confused with a missing value),
/// from JSON with ``init(jsonData:)``, or case by case. ``text`` is what an insertion
/// writes; ``jsonText`` is what the `json` filter writes.
public enum TemplateValue: Sendable, Hashable {
    /// Text, inserted as is.
    case string(String)
    /// A whole number, inserted without decimals.
    case int(Int)
    /// A floating-point number, inserted in its shortest form (`2.5`, `3` when integral).
    case number(Double)
    /// A boolean, inserted as `true` or `false`.
    case bool(Bool)
    /// JSON `null`, inserted as empty text.
    case null
    /// A list, inserted as compact JSON; indexes in paths reach into it.
    case array([TemplateValue])
    /// An object, inserted as compact JSON with sorted keys; names in paths reach into it.
    case object([String: TemplateValue])
}
