import Foundation

/// A JSON document as a value: builds request bodies with a stable key order and reads
/// provider payloads without failing on fields of an unexpected type.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `data`, or returns nil when it is not exactly one JSON value.
    init?(parsing data: Data) {
        guard let value = data.withUnsafeBytes(JSONReader.parse) else { return nil }
        self = value
    }

    /// The compact JSON text with keys sorted and slashes unescaped: equal values give
    /// equal bytes, so golden tests can compare bodies as strings.
    var data: Data {
        var writer = JSONWriter()
        writer.write(self)
        return Data(writer.bytes)
    }

    /// A member of an object, or nil.
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// An element of an array, or nil.
    subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The elements of an array; empty for anything else.
    var elements: [JSONValue] {
        if case .array(let elements) = self { return elements }
        return []
    }

    /// A string, or a number or boolean written as one (providers are not consistent).
    var text: String? {
        switch self {
        case .string(let string): string
        case .integer(let integer): String(integer)
        case .double(let double): String(double)
        case .bool(let bool): String(bool)
        case .null, .array, .object: nil
        }
    }

    /// A number, or a string holding one.
    var number: Double? {
        switch self {
        case .integer(let integer): Double(integer)
        case .double(let double): double
        case .string(let string): Double(string)
        case .null, .bool, .array, .object: nil
        }
    }

    /// A boolean, or nil.
    var bool: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// A string as is, or any other value as compact JSON text.
    var textOrJSON: String? {
        switch self {
        case .null: nil
        case .string(let string): string
        default: String(decoding: data, as: UTF8.self)
        }
    }
}
