/// A compiled text template: plain text with `<<path | filter>>` insertions.
///
/// Build one with ``parse(_:)``, which always returns a template together with every
/// problem it found, or with ``init(_:)``, which throws when the source has any problem.
/// Parsing happens once; ``render(_:escaping:)`` walks the pre-split ``segments`` and
/// never re-parses the source or the values it inserts. Two templates are equal when
/// their sources are equal, because the segments are derived from the source.
public struct Template: Sendable, Hashable, CustomStringConvertible {
    /// The text the template was parsed from, unchanged.
    public let source: String
    /// The template split into literal text and insertions, in source order.
    ///
    /// Adjacent text is merged, escapes are already resolved (`\<<` appears as `<<`), and
    /// a constant template has at most one `.text` segment (none when the source is empty).
    public let segments: [Segment]

    init(source: String, segments: [Segment]) {
        self.source = source
        self.segments = segments
    }

    /// Parses `source`, collecting every problem instead of stopping at the first.
    ///
    /// The returned template keeps the good parts: an insertion with a valid path keeps
    /// its valid filters, and an insertion whose path is unusable stays as literal text.
    /// Render such a template only if you accept that degraded output.
    public static func parse(_ source: String) -> TemplateParseResult {
        var parser = TemplateParser(source: source)
        return parser.parse()
    }

    /// Parses `source` and throws if it has any problem.
    ///
    /// Use this for templates that are known to be valid (constants, already-validated
    /// configuration); use ``parse(_:)`` to report problems with their positions.
    public init(_ source: String) throws(TemplateSyntaxError) {
        let result = Self.parse(source)
        guard result.issues.isEmpty else {
            throw TemplateSyntaxError(source: source, issues: result.issues)
        }
        self = result.template
    }

    /// The insertions in source order, including repeated uses of the same path.
    public var insertions: [Insertion] {
        segments.compactMap { segment in
            if case .insertion(let insertion) = segment { insertion } else { nil }
        }
    }

    /// The distinct variable paths the template reads, in order of first use.
    public var variables: [VariablePath] {
        var seen = Set<VariablePath>()
        return insertions.compactMap { seen.insert($0.path).inserted ? $0.path : nil }
    }

    /// Whether the template has no insertions, so it renders to the same text for every context.
    public var isConstant: Bool {
        !segments.contains { segment in
            if case .insertion = segment { true } else { false }
        }
    }

    /// The source text.
    public var description: String { source }

    /// Compares sources only, because segments are a function of the source.
    public static func == (lhs: Template, rhs: Template) -> Bool {
        lhs.source == rhs.source
    }

    /// Hashes the source only, matching ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(source)
    }
}
