import Foundation
import Server

/// Checks JSON against the schemas of an OpenAPI document: the subset the engine's
/// document uses (`$ref`, `type`, `properties`, `required`, `additionalProperties`,
/// `items`, `enum`, `propertyNames`). Enough to catch a field the document forgot, a
/// required one the answer lacks, or a wrong type.
struct SchemaChecker {
    let document: JSONValue

    /// Every way `value` departs from `schema`, each naming where.
    func problems(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            guard let resolved = resolve(reference) else { return ["\(path): unresolved \(reference)"] }
            return problems(value, against: resolved, at: path)
        }
        var found: [String] = []
        if case .array(let choices)? = schema["enum"], !choices.contains(value) {
            found.append("\(path): \(value) is not one of \(choices)")
        }
        switch (schema["type"]?.string, value) {
        case (nil, _): break
        case ("object", .object(let members)):
            let properties = schema["properties"]
            let required = schema["required"].map(strings) ?? []
            for name in required where !members.contains(where: { $0.key == name }) {
                found.append("\(path): lacks required '\(name)'")
            }
            for member in members {
                if let property = properties?[member.key] {
                    found += problems(member.value, against: property, at: "\(path).\(member.key)")
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append("\(path): '\(member.key)' is not in the schema")
                } else if let additional = schema["additionalProperties"], case .object = additional {
                    found += problems(member.value, against: additional, at: "\(path).\(member.key)")
                }
                if case .array(let names)? = schema["propertyNames"]?["enum"], !names.contains(.string(member.key)) {
                    found.append("\(path): key '\(member.key)' is not one of \(names)")
                }
            }
        case ("array", .array(let items)):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += problems(item, against: itemSchema, at: "\(path)[\(index)]") }
            }
        case ("string", .string), ("boolean", .bool), ("number", .number): break
        case ("integer", .number(let number)) where number.rounded() == number: break
        case (let type?, _): found.append("\(path): \(value) is not of type \(type)")
        }
        return found
    }

    /// The schema at `#/components/schemas/Name`.
    func resolve(_ reference: String) -> JSONValue? {
        let parts = reference.split(separator: "/").dropFirst().map(String.init)
        var node: JSONValue? = document
        for part in parts { node = node?[part] }
        return node
    }

    private func strings(_ value: JSONValue) -> [String] {
        guard case .array(let items) = value else { return [] }
        return items.compactMap(\.string)
    }
}
