/// The expected shape of a YAML value: the single description from which the
/// structural checks of `validate` and the JSON Schema of `engine schema` both come,
/// so the two can never disagree.
public indirect enum Shape: Sendable {
    /// A scalar read as text, checked against a format.
    case text(TextFormat)
    /// A whole number within an optional range.
    case integer(ClosedRange<Int>?)
    /// A number within an optional range.
    case number(ClosedRange<Double>?)
    /// `true` or `false`.
    case boolean
    /// One of a fixed set of words.
    case choice([String])
    /// A list of values of one shape with at least `minCount` entries.
    case list(Shape, minCount: Int)
    /// A mapping with known keys.
    case object(ObjectShape)
    /// A mapping whose keys are free names (`name` format) and values of one shape.
    case dictionary(Shape)
    /// One of several shapes, chosen by whether the node is a scalar, a list or a mapping.
    case oneOf([Shape])
    /// Anything (an HTTP body, for instance).
    case any
    /// A marker key whose value is `true` or empty (`end:`).
    case flag

    /// What a person calls this shape in a message: "a duration", "a list".
    var noun: String {
        switch self {
        case .text(let format): return format.noun
        case .integer: return "a whole number"
        case .number: return "a number"
        case .boolean: return "true or false"
        case .choice(let words): return "one of " + words.map { "'\($0)'" }.joined(separator: ", ")
        case .list: return "a list"
        case .object, .dictionary: return "a mapping"
        case .oneOf(let shapes): return shapes.map(\.noun).joined(separator: " or ")
        case .any: return "any value"
        case .flag: return "true"
        }
    }

    /// Which YAML node kind the shape accepts, for `oneOf` dispatch.
    var nodeKind: NodeKind {
        switch self {
        case .list: return .sequence
        case .object, .dictionary: return .mapping
        case .any: return .any
        case .oneOf: return .any
        default: return .scalar
        }
    }

    enum NodeKind { case scalar, sequence, mapping, any }
}

/// A mapping with named fields.
public struct ObjectShape: Sendable {
    /// A title for documentation and the JSON Schema.
    public var title: String
    /// The known keys, in the order the documentation lists them.
    public let fields: [Field]
    /// Sets of keys of which at most one (or exactly one, when required) may be present.
    public var exclusiveGroups: [ExclusiveGroup]
    /// The shape of keys not in `fields`; nil means unknown keys are errors.
    public var extraValues: Shape?

    /// Field positions by name: the checker looks a field up for every key it reads.
    private let positions: [String: Int]

    /// Creates an object shape.
    public init(_ title: String, fields: [Field], exclusiveGroups: [ExclusiveGroup] = [], extraValues: Shape? = nil) {
        self.title = title
        self.fields = fields
        self.exclusiveGroups = exclusiveGroups
        self.extraValues = extraValues
        self.positions = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The field named `name`, if any.
    public func field(named name: String) -> Field? {
        positions[name].map { fields[$0] }
    }

    /// The position of the field named `name` in ``fields``, if any.
    func position(of name: String) -> Int? {
        positions[name]
    }
}

/// One key of an ``ObjectShape``.
public struct Field: Sendable {
    /// The key.
    public var name: String
    /// The shape of its value.
    public var shape: Shape
    /// Whether the key must be present.
    public var isRequired: Bool
    /// One line for documentation and editors.
    public var summary: String
    /// The default, as it would be written in YAML, for documentation.
    public var defaultValue: String?

    /// Creates a field.
    public init(_ name: String, _ shape: Shape, required: Bool = false, default defaultValue: String? = nil, _ summary: String) {
        self.name = name
        self.shape = shape
        self.isRequired = required
        self.summary = summary
        self.defaultValue = defaultValue
    }
}

/// Keys that exclude each other.
public struct ExclusiveGroup: Sendable {
    /// The keys of the group.
    public var keys: [String]
    /// Whether one of them must be present.
    public var isRequired: Bool

    /// Creates a group; `required` means exactly one key must be present.
    public init(_ keys: [String], required: Bool) {
        self.keys = keys
        self.isRequired = required
    }
}
