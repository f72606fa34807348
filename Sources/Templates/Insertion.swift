/// A `<<path | filter | …>>` insertion in a ``Template``.
///
/// Offsets are `Character` offsets from the start of ``Template/source`` (what you get by
/// counting `source` as a `Collection` of `Character`), so callers can map them to lines
/// and columns without re-scanning.
public struct Insertion: Sendable, Hashable {
    /// The variable the insertion reads.
    public let path: VariablePath
    /// The filters applied to the value, left to right; only filters that parsed cleanly are kept.
    public let filters: [Filter]
    /// The character range of the whole insertion, from the first `<` to the last `>`.
    public let range: Range<Int>
    /// The character range of the path text, without surrounding spaces.
    public let pathRange: Range<Int>

    init(path: VariablePath, filters: [Filter], range: Range<Int>, pathRange: Range<Int>) {
        self.path = path
        self.filters = filters
        self.range = range
        self.pathRange = pathRange
    }

    /// Whether a `default` filter guards the variable, anywhere in the chain.
    ///
    /// A validator can accept an unknown variable when this is `true`: rendering then
    /// produces the default instead of empty text.
    public var hasDefault: Bool {
        filters.contains { $0.name == .default }
    }

    /// The argument of the first `default` filter, or `nil` when there is none.
    public var defaultValue: TemplateValue? {
        for filter in filters {
            if case .default(let value) = filter { return value }
        }
        return nil
    }
}
