import Yams

/// Reads typed values out of nodes the ``ShapeChecker`` has already passed. It never
/// reports problems; where a value is unusable it falls back to the default, because the
/// checker has reported it already and the configuration is invalid anyway.
struct NodeDecoder {
    let file: String

    func location(_ node: Node) -> SourceLocation { node.location(in: file) }

    func string(_ node: Node, _ key: String) -> String? { node.value(key)?.text }

    func located(_ node: Node, _ key: String) -> Located<String>? {
        guard let value = node.value(key), let text = value.text else { return nil }
        return Located(text, at: location(value))
    }

    func locatedList(_ node: Node, _ key: String) -> [Located<String>]? {
        guard let items = node.value(key)?.items else { return nil }
        return items.compactMap { item in item.text.map { Located($0, at: location(item)) } }
    }

    func strings(_ node: Node, _ key: String) -> [String]? {
        node.value(key)?.items?.compactMap(\.text)
    }

    func bool(_ node: Node, _ key: String, default fallback: Bool) -> Bool {
        node.value(key)?.text.flatMap(ShapeChecker.boolean) ?? fallback
    }

    func int(_ node: Node, _ key: String) -> Int? {
        node.value(key)?.text.flatMap { Int($0) }
    }

    func double(_ node: Node, _ key: String) -> Double? {
        node.value(key)?.text.flatMap { Double($0) }
    }

    func duration(_ node: Node, _ key: String) -> Duration? {
        guard let text = string(node, key), case .success(let value) = DurationValue.parse(text) else { return nil }
        return value
    }

    func duration(_ node: Node, _ key: String, default fallback: Duration) -> Duration {
        duration(node, key) ?? fallback
    }

    /// `Kind/name`-free spec tree of the node.
    func spec(_ node: Node) -> SpecValue {
        switch node {
        case .scalar(let scalar): return node.isNull ? .null : .scalar(scalar.string)
        case .sequence(let sequence): return .list(sequence.map(spec))
        case .mapping(let mapping):
            return .map(mapping.map { SpecValue.Entry(key: $0.key.text ?? "", value: spec($0.value)) })
        case .alias: return .null
        }
    }

    func window(_ node: Node?) -> TimeWindow? {
        guard let node, node.pairs != nil,
            let fromText = string(node, "from"), case .success(let from) = TimeOfDay.parse(fromText),
            let toText = string(node, "to"), case .success(let to) = TimeOfDay.parse(toText)
        else { return nil }
        var days = DaySet(mask: 0b111_1111)
        if let daysNode = node.value("days") {
            if let text = daysNode.text, case .success(let parsed) = DaySet.parse(text) {
                days = parsed
            } else if let items = daysNode.items {
                days = DaySet(mask: 0)
                for item in items {
                    if let text = item.text, case .success(let day) = DaySet.parse(day: text) { days.mask |= 1 << day }
                }
            }
        }
        return TimeWindow(days: days, from: from, to: to, location: location(node))
    }
}
