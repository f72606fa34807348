/// A template as written in a YAML scalar, with enough position information to point
/// at a character inside it.
public struct TemplateText: Sendable, Hashable {
    /// The scalar's value.
    public var text: String
    /// Where the scalar's value begins (after an opening quote).
    public var location: SourceLocation
    /// Whether character offsets in `text` map one-to-one onto columns of `location.line`:
    /// true for single-line scalars written without escapes or folding.
    public var hasExactColumns: Bool
    /// The field path, for diagnostics.
    public var fieldPath: String

    /// The file location of the character at `offset` in `text`; the scalar's start when
    /// columns are not exact.
    public func location(ofCharacterAt offset: Int) -> SourceLocation {
        guard hasExactColumns else { return location }
        var result = location
        result.column += offset
        return result
    }
}
