import Manifest

/// Field-level differences between two specs, as `plan` shows them.
struct FieldDiff {
    /// Paths whose values are secrets: printed as `(sensitive)`.
    let sensitivePaths: Set<String>
    private(set) var changes: [FieldChange] = []
    private(set) var unchanged = 0

    init(sensitivePaths: Set<String>) {
        self.sensitivePaths = sensitivePaths
    }

    /// Compares two whole specs; `kind` and `name` are identity, not fields.
    mutating func compare(_ before: SpecValue?, _ after: SpecValue?) {
        let beforeEntries = Self.entries(before)
        let afterEntries = Self.entries(after)
        var keys = afterEntries.map(\.key)
        keys += beforeEntries.map(\.key).filter { !keys.contains($0) }
        for key in keys where key != "kind" && key != "name" {
            let old = beforeEntries.first { $0.key == key }?.value
            let new = afterEntries.first { $0.key == key }?.value
            if old == new {
                unchanged += 1
            } else {
                compare(old, new, path: key)
            }
        }
    }

    /// Records that a secret changed value while its reference stayed the same.
    mutating func secretChanged(at path: String) {
        changes.append(FieldChange(path: path, before: "(sensitive)", after: "(sensitive)", isSensitive: true))
    }

    private mutating func compare(_ before: SpecValue?, _ after: SpecValue?, path: String) {
        guard before != after else { return }
        switch (before, after) {
        case (.map?, .map?):
            let beforeEntries = Self.entries(before)
            let afterEntries = Self.entries(after)
            var keys = afterEntries.map(\.key)
            keys += beforeEntries.map(\.key).filter { !keys.contains($0) }
            for key in keys {
                compare(beforeEntries.first { $0.key == key }?.value, afterEntries.first { $0.key == key }?.value, path: "\(path).\(key)")
            }
        case (.list(let old)?, .list(let new)?) where old.count == new.count:
            for index in old.indices { compare(old[index], new[index], path: "\(path)[\(index)]") }
        default:
            let isSensitive = sensitivePaths.contains(path)
            changes.append(
                FieldChange(
                    path: path, before: isSensitive && before != nil ? "(sensitive)" : before.map(Self.render),
                    after: isSensitive && after != nil ? "(sensitive)" : after.map(Self.render), isSensitive: isSensitive))
        }
    }

    private static func entries(_ value: SpecValue?) -> [SpecValue.Entry] {
        if case .map(let entries)? = value { return entries }
        return []
    }

    /// Scalars quoted, lists and mappings as compact JSON.
    static func render(_ value: SpecValue) -> String {
        switch value {
        case .scalar, .null, .list, .map: return String(decoding: value.canonicalJSON, as: UTF8.self)
        }
    }
}
