extension TemplateValue {
    /// The text an insertion writes for this value before any escaping.
    ///
    /// Strings as is, integers without decimals, doubles in their shortest form (`3` when
    /// integral), booleans as `true`/`false`, `null` as empty text, and lists and objects as
    /// compact JSON (see ``jsonText``).
    public var text: String {
        switch self {
        case .string(let string): string
        case .int(let int): String(int)
        case .number(let number): Self.shortestText(number)
        case .bool(let bool): bool ? "true" : "false"
        case .null: ""
        case .array, .object: jsonText
        }
    }

    /// The value as a filter argument literal: strings quoted with `\"` and `\\` escaped.
    var literalText: String {
        guard case .string(let string) = self else { return jsonText }
        var result = "\""
        for character in string {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        result.append("\"")
        return result
    }

    /// Integral doubles print without `.0` because users see these in messages;
    /// 2^53 bounds the range where every integer is exact, beyond it `description` is honest.
    static func shortestText(_ number: Double) -> String {
        if number.isFinite, number.rounded() == number, abs(number) < 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return number.description
    }
}
