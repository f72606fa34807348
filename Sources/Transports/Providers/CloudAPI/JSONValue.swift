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

    /// Parses `data`, or returns nil when it is not JSON.
    ///
    /// Through JSONSerialization rather than `JSONDecoder`: decoding this recursive enum
    /// through Codable took a quarter of the CPU of every send (measured with
    /// bench/cloud-api.sh), the whole response being parsed for two strings.
    init?(parsing data: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        self.init(foundationObject: object)
    }

    private init(foundationObject object: Any) {
        switch object {
        case let string as String:
            self = .string(string)
        case let number as NSNumber:
            // Booleans arrive as NSNumber too; their Objective-C type is `c` (char).
            let type = String(cString: number.objCType)
            if type == "c" || type == "B" {
                self = .bool(number.boolValue)
            } else if type == "d" || type == "f" {
                let double = number.doubleValue
                self =
                    double == double.rounded() && abs(double) < 9e15 && !String(describing: number).contains(".")
                    ? .integer(Int(double)) : .double(double)
            } else {
                self = .integer(number.intValue)
            }
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(foundationObject:)))
        case let dictionary as [String: Any]:
            self = .object(dictionary.mapValues(JSONValue.init(foundationObject:)))
        default:
            self = .null
        }
    }

    /// The compact JSON text with keys sorted and slashes unescaped: equal values give
    /// equal bytes, so golden tests can compare bodies as strings.
    var data: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: it holds no non-finite numbers we create.
        return (try? encoder.encode(self)) ?? Data("null".utf8)
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
