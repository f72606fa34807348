import Foundation

extension TemplateValue {
    /// Decodes a value from JSON; integers that fit `Int` become `.int`, other numbers `.number`.
    ///
    /// Throws `DecodingError` for malformed JSON. Any JSON value is accepted at the top level.
    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(TemplateValue.self, from: jsonData)
    }

    /// The value as compact JSON: no whitespace, object keys sorted, `/` and non-ASCII unescaped.
    ///
    /// Sorted keys make output deterministic across runs. Non-finite doubles, which JSON
    /// cannot express, are written as `null`.
    public var jsonText: String {
        var output = ""
        appendJSON(to: &output)
        return output
    }

    /// ``jsonText`` as UTF-8 bytes.
    public var jsonData: Data {
        Data(jsonText.utf8)
    }

    private func appendJSON(to output: inout String) {
        switch self {
        case .string(let string):
            output.append("\"")
            output.append(string.jsonEscaped())
            output.append("\"")
        case .int(let int):
            output.append(String(int))
        case .number(let number):
            output.append(number.isFinite ? Self.shortestText(number) : "null")
        case .bool(let bool):
            output.append(bool ? "true" : "false")
        case .null:
            output.append("null")
        case .array(let elements):
            output.append("[")
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(",") }
                element.appendJSON(to: &output)
            }
            output.append("]")
        case .object(let members):
            output.append("{")
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(",") }
                output.append("\"")
                output.append(key.jsonEscaped())
                output.append("\":")
                members[key]?.appendJSON(to: &output)
            }
            output.append("}")
        }
    }
}
