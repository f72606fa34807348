/// Writes a dictionary of strings as a JSON object with sorted keys.
///
/// Contact variables are the one JSON written per row of a million-row import;
/// `JSONEncoder` costs about 4 µs a contact there, this a fraction of that.
enum JSONObject {
    static func text(of dictionary: [String: String]) -> String {
        var json: [UInt8] = [UInt8(ascii: "{")]
        json.reserveCapacity(2 + dictionary.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 6 })
        for (index, entry) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 {
                json.append(UInt8(ascii: ","))
            }
            appendString(entry.key, to: &json)
            json.append(UInt8(ascii: ":"))
            appendString(entry.value, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        return String(decoding: json, as: UTF8.self)
    }

    /// Appends `string` quoted, escaping what JSON requires (quote, backslash, control
    /// characters) and nothing else: other UTF-8 is valid inside a JSON string.
    private static func appendString(_ string: String, to json: inout [UInt8]) {
        json.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                json.append(UInt8(ascii: "\\"))
                json.append(byte)
            case UInt8(ascii: "\n"):
                json.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"):
                json.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"):
                json.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hexDigits = Array("0123456789abcdef".utf8)
                json.append(contentsOf: #"\u00"#.utf8)
                json.append(hexDigits[Int(byte >> 4)])
                json.append(hexDigits[Int(byte & 0xF)])
            default:
                json.append(byte)
            }
        }
        json.append(UInt8(ascii: "\""))
    }
}
