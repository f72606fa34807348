/// A resource's spec as written, as a plain tree: what `plan` diffs field by field and
/// what the store hashes. Every scalar is kept as its text, so `20` and `"20"` compare
/// equal, like the engine reads them.
public indirect enum SpecValue: Sendable, Hashable, Codable {
    /// A scalar's text; null is `.null`.
    case scalar(String)
    /// An explicit or implicit null.
    case null
    /// A list.
    case list([SpecValue])
    /// A mapping in source order.
    case map([Entry])

    /// One key of a mapping.
    public struct Entry: Sendable, Hashable, Codable {
        public var key: String
        public var value: SpecValue
        public init(key: String, value: SpecValue) {
            self.key = key
            self.value = value
        }
    }

    /// The value at `key` of a mapping.
    public subscript(key: String) -> SpecValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }
}
