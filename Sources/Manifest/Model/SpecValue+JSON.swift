import Foundation

extension SpecValue {
    /// The spec as canonical JSON: mapping keys sorted, scalars as strings, so the same
    /// spec written in another key order or quoting hashes the same.
    public var canonicalJSON: Data {
        var output = ""
        write(to: &output)
        return Data(output.utf8)
    }

    /// Reads what ``canonicalJSON`` wrote (or any JSON: numbers and booleans become text).
    public init(json: Data) throws {
        let object = try JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed])
        self = SpecValue(object: object)
    }

    private init(object: Any) {
        switch object {
        case let dictionary as [String: Any]:
            self = .map(dictionary.keys.sorted().map { Entry(key: $0, value: SpecValue(object: dictionary[$0]!)) })
        case let array as [Any]:
            self = .list(array.map(SpecValue.init(object:)))
        case let string as String:
            self = .scalar(string)
        case is NSNull:
            self = .null
        case let number as NSNumber:
            self = .scalar(number.stringValue)
        default:
            self = .scalar("\(object)")
        }
    }

    private func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .scalar(let text):
            Self.writeString(text, to: &output)
        case .list(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                item.write(to: &output)
            }
            output += "]"
        case .map(let entries):
            output += "{"
            for (index, entry) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output += "," }
                Self.writeString(entry.key, to: &output)
                output += ":"
                entry.value.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case let control where control.value < 0x20:
                output += String(format: "\\u%04x", control.value)
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
