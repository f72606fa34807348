/// What a flow counter counts: entering a node, or taking an edge.
///
/// Stored as `node:NAME` and `edge:FROM-LABEL->TO` (`TO` is a node name or `end`), the
/// keys of ``Store/FlowCounter``. Node names never contain `>`, and labels (`next`,
/// `error`, `timeout`, `default`, `cases[N].next`) never contain `-`, so the text reads
/// back unambiguously.
public enum FlowCounterKey: Sendable, Hashable, CustomStringConvertible {
    /// Entries into the node.
    case node(String)
    /// Traversals of the edge `label` from node `from` to `to` (a node or `end`).
    case edge(from: String, label: String, to: String)

    /// Reads a stored key; nil for text that is neither form.
    public init?(_ text: String) {
        if text.hasPrefix("node:") {
            self = .node(String(text.dropFirst(5)))
            return
        }
        guard text.hasPrefix("edge:"), let arrow = text.range(of: "->") else { return nil }
        let left = text[text.index(text.startIndex, offsetBy: 5)..<arrow.lowerBound]
        guard let dash = left.lastIndex(of: "-") else { return nil }
        self = .edge(from: String(left[..<dash]), label: String(left[left.index(after: dash)...]), to: String(text[arrow.upperBound...]))
    }

    /// The stored form.
    public var description: String {
        switch self {
        case .node(let name): "node:\(name)"
        case .edge(let from, let label, let to): "edge:\(from)-\(label)->\(to)"
        }
    }
}
