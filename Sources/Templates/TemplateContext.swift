/// The variables a template renders with: namespaces (`contact`, `flow`, `vars`, …) mapped to values.
///
/// Lookup walks the path: a name reads an object key, an index reads a list element, and
/// an index on an object reads the key spelled as that number (JSON bodies often use
/// `"0"` keys). Anything else, including an index out of range, is missing.
public struct TemplateContext: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The root values by namespace.
    public var namespaces: [String: TemplateValue]

    /// Creates a context from root values by namespace.
    public init(_ namespaces: [String: TemplateValue] = [:]) {
        self.namespaces = namespaces
    }

    /// Creates a context from a dictionary literal of namespaces; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.namespaces = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// The root value of a namespace; set `nil` to remove it.
    public subscript(namespace: String) -> TemplateValue? {
        get { namespaces[namespace] }
        set { namespaces[namespace] = newValue }
    }

    /// The value at `path`, or `nil` when any step is missing. `null` values are found, not missing.
    public func value(at path: VariablePath) -> TemplateValue? {
        guard var current = namespaces[path.namespace] else { return nil }
        for component in path.components.dropFirst() {
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return nil }
                current = elements[index]
            case (.index(let index), .object(let members)):
                guard let next = members[String(index)] else { return nil }
                current = next
            default:
                return nil
            }
        }
        return current
    }
}
