import Yams

/// Small readers over Yams nodes. The loader composes with `Resolver.basic`, so every
/// scalar is text and its meaning is decided by the schema, never guessed by YAML
/// (`no` stays the word "no", `+15550100001` stays a phone number).
extension Node {
    /// The scalar's text, or nil for lists and mappings.
    var text: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }

    /// Whether this is an explicit or implicit null (`~`, `null`, or nothing after `key:`).
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain else { return false }
        switch scalar.string {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// The mapping's pairs in source order, or nil.
    var pairs: [(key: Node, value: Node)]? {
        guard case .mapping(let mapping) = self else { return nil }
        // Collection's `map` walks indices; `for … in` would first copy every pair into a
        // new array (Yams' `Mapping.makeIterator`), which showed in validate's profile.
        return mapping.map { $0 }
    }

    /// The sequence's items, or nil.
    var items: [Node]? {
        guard case .sequence(let sequence) = self else { return nil }
        return Array(sequence)
    }

    /// The value for `key` in a mapping.
    subscript(key key: String) -> Node? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.indices.first { mapping[$0].key.text == key }.map { mapping[$0].value }
    }

    /// The value for `key` unless it is absent or null.
    func value(_ key: String) -> Node? {
        guard let value = self[key: key], !value.isNull else { return nil }
        return value
    }

    /// The key node for `key`, to point diagnostics at the key itself.
    func keyNode(_ key: String) -> Node? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.indices.first { mapping[$0].key.text == key }.map { mapping[$0].key }
    }

    /// Where the node starts in `file`.
    func location(in file: String) -> SourceLocation {
        let mark = self.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// How many characters a caret under this node should cover: the text of a
    /// single-line scalar (with its quotes), else 1.
    var caretLength: Int {
        guard case .scalar(let scalar) = self, !scalar.string.containsNewline else { return 1 }
        switch scalar.style {
        case .singleQuoted, .doubleQuoted: return scalar.string.count + 2
        case .plain: return max(1, scalar.string.count)
        default: return 1
        }
    }

    /// What a person calls this node's type in "found …".
    var typeNoun: String {
        switch self {
        case .scalar(let scalar):
            if isNull { return "nothing" }
            return "'\(scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// Whether the tree, with aliases expanded, has more than `limit` nodes; stops
    /// counting as soon as it knows.
    func exceeds(nodeCount limit: Int) -> Bool {
        var remaining = limit
        func visit(_ node: Node) -> Bool {
            remaining -= 1
            if remaining < 0 { return false }
            switch node {
            case .scalar, .alias: return true
            case .sequence(let sequence): return sequence.allSatisfy(visit)
            case .mapping(let mapping): return mapping.indices.allSatisfy { visit(mapping[$0].key) && visit(mapping[$0].value) }
            }
        }
        return !visit(self)
    }
}
