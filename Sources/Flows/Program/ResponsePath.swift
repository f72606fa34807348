import Templates

/// The dotted path of an `http` node's `save`, such as `body.items.0.name`.
///
/// The path reads the response as the `http` namespace shows it: `status` (the status
/// code), `headers.NAME` (lower-case names) and `body…` (the parsed JSON, or the text when
/// the body is not JSON). A path that starts with anything else is read inside the body,
/// so `items.0.name` and `body.items.0.name` are the same. A number reads a list element,
/// or an object key spelled as that number.
public struct ResponsePath: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The path's components, as written.
    public let components: [String]

    /// Splits `text` at dots.
    public init(_ text: String) {
        components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    /// The path as written.
    public var description: String { components.joined(separator: ".") }

    /// The value at the path in `response` (the `http` namespace object), or nil when any step is missing.
    func value(in response: TemplateValue) -> TemplateValue? {
        var remaining = components[...]
        var current = response
        if let first = remaining.first, !["body", "status", "headers"].contains(first) {
            guard case .object(let members) = response, let body = members["body"] else { return nil }
            current = body
        }
        while let component = remaining.popFirst() {
            switch current {
            case .object(let members):
                guard let next = members[component] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(component), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
