/// A dotted variable path such as `contact.name` or `flow.httpResponse.items.0.name`.
///
/// The first component is always a name: the namespace (`contact`, `flow`, `vars`, …).
/// Later components are names (object keys) or non-negative integers (list indexes).
/// Name components start with a letter or `_` and continue with letters, ASCII digits,
/// `_` or `-`. An index is stored as a number, so `items.007` reads back as `items.7`.
public struct VariablePath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Sendable, Hashable, CustomStringConvertible {
        /// An object key, or the namespace when first.
        case key(String)
        /// A list index; on an object it looks up the key spelled as the number.
        case index(Int)

        /// The component as written in a path.
        public var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): String(index)
            }
        }
    }

    /// The components in order; never empty, and the first is always a `.key`.
    public let components: [Component]

    init(validatedComponents components: [Component]) {
        self.components = components
    }

    /// Parses a path such as `vars.order` or `flow.httpResponse.items.0`.
    ///
    /// Returns `nil` for anything ``Template/parse(_:)`` would report as
    /// `template.invalid-path`; surrounding whitespace is not accepted here.
    public init?(_ text: String) {
        guard case .success(let path) = Self.parse(Array(text)[...]) else { return nil }
        self = path
    }

    /// The first component: the namespace the variable lives in.
    public var namespace: String {
        guard case .key(let name)? = components.first else { return "" }
        return name
    }

    /// The path as written, components joined with `.`.
    public var description: String {
        components.map(\.description).joined(separator: ".")
    }
}
