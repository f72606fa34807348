/// A character trie of keywords, for `prefix` triggers: one walk along a message finds
/// every keyword the message starts with, however many keywords there are.
struct PrefixTrie<Value: Sendable>: Sendable {
    private var children: [[Character: Int]] = [[:]]
    private var values: [[Value]] = [[]]

    /// Adds `value` under `key`; an empty key is ignored.
    mutating func insert(_ key: String, _ value: Value) {
        guard !key.isEmpty else { return }
        var node = 0
        for character in key {
            if let child = children[node][character] {
                node = child
            } else {
                children.append([:])
                values.append([])
                children[node][character] = children.count - 1
                node = children.count - 1
            }
        }
        values[node].append(value)
    }

    /// The values of every key that is a prefix of `text` (including `text` itself), shortest key first.
    func prefixes(of text: String) -> [Value] {
        var found: [Value] = []
        var node = 0
        for character in text {
            guard let child = children[node][character] else { break }
            node = child
            found += values[node]
        }
        return found
    }
}
