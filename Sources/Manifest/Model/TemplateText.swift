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
    /// For a one-line quoted scalar with escapes (`\"`, `''`), the column offset from
    /// `location` of each character of `text`, plus one past the end.
    var columnOffsets: [Int]?

    /// The file location of the character at `offset` in `text`; the scalar's start when
    /// columns are not known.
    public func location(ofCharacterAt offset: Int) -> SourceLocation {
        var result = location
        if let columnOffsets {
            result.column += columnOffsets[min(max(0, offset), columnOffsets.count - 1)]
        } else if hasExactColumns {
            result.column += offset
        }
        return result
    }

    /// How many source columns the characters `range` of `text` cover; 1 when unknown.
    public func width(of range: Range<Int>) -> Int {
        if let columnOffsets {
            let end = columnOffsets[min(range.upperBound, columnOffsets.count - 1)]
            return max(1, end - columnOffsets[min(range.lowerBound, columnOffsets.count - 1)])
        }
        return hasExactColumns ? max(1, range.count) : 1
    }
}
