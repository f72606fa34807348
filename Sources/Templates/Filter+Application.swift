extension Filter {
    /// Applies the filter; `nil` stands for a missing variable.
    func apply(to value: TemplateValue?) -> TemplateValue? {
        switch self {
        case .default(let fallback):
            switch value {
            case nil, .null?: return fallback
            case .string(let text)? where text.isEmpty: return fallback
            default: return value
            }
        case .json:
            return .string(value?.jsonText ?? "null")
        default:
            break
        }
        guard let value else { return nil }
        switch self {
        case .upper:
            return .string(value.text.uppercased())
        case .lower:
            return .string(value.text.lowercased())
        case .title:
            return .string(Self.titleCased(value.text))
        case .trim:
            return .string(Self.trimmed(value.text))
        case .truncate(let count):
            return .string(String(value.text.prefix(count)))
        case .urlencode:
            return .string(value.text.percentEncodedComponent())
        case .date(let format):
            guard let timestamp = Timestamp(value) else { return value }
            return .string(timestamp.formatted(format))
        case .phone:
            return .string(Self.phoneNumber(value.text))
        case .default, .json:
            return value
        }
    }

    private static func titleCased(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var atWordStart = true
        for character in text {
            if character.isWhitespace {
                atWordStart = true
                result.append(character)
            } else if atWordStart && character.isLetter {
                atWordStart = false
                result += character.uppercased()
            } else {
                // Leading punctuation such as "(" keeps the word open for its first letter;
                // a digit closes it so "1st" does not become "1St".
                if character.isNumber { atWordStart = false }
                result.append(character)
            }
        }
        return result
    }

    private static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(text[first...last])
    }

    private static func phoneNumber(_ text: String) -> String {
        var digits = String(text.filter(\.isASCIIDigit))
        guard !digits.isEmpty else { return "" }
        let hasPlus = text.drop(while: { !$0.isASCIIDigit && $0 != "+" }).first == "+"
        if !hasPlus && digits.hasPrefix("00") {
            digits.removeFirst(2)
        }
        return "+" + digits
    }
}
