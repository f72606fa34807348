import Foundation
import Templates

/// Checks a reply against a `wait` node's validation and says what to save.
///
/// | type | accepts | saves |
/// |---|---|---|
/// | none | anything | the button or row id of a tap, else the text, trimmed |
/// | `number` | `42`, `-3.5`, `3,5` (a decimal comma) | the number (integer when whole) |
/// | `email` | one `@`, a non-empty local part, a dotted domain, no spaces | the text, trimmed |
/// | `phone` | 7–15 digits, optionally after `+` or `00`, with spaces, dots, dashes or parentheses | `+` and the digits when written internationally, else the digits |
/// | `choice` | a choice's id, or a button or row title, ignoring case and accents (a tap's id counts) | the choice's id |
/// | `regex` | text the pattern matches somewhere (anchor it with `^…$`) | the text, trimmed |
///
/// A `choice` without any choices, or a `regex` without a pattern, accepts every reply.
enum ReplyCheck {
    /// The value to save, or nil when the reply fails the check.
    static func accept(_ message: IncomingMessage, by rule: ReplyRule?) -> TemplateValue? {
        let text = message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let rule else { return .string(message.replyID ?? text) }
        switch rule.kind {
        case .number:
            return NumberText(text)?.value
        case .email:
            return isEmail(text) ? .string(text) : nil
        case .phone:
            return phoneNumber(text).map(TemplateValue.string)
        case .choice:
            guard !rule.choices.isEmpty else { return .string(message.replyID ?? text) }
            let answers = [message.replyID, text].compactMap { $0 }.map(KeywordText.fold)
            let choice = rule.choices.first { choice in
                ([choice.id] + choice.aliases).contains { answers.contains(KeywordText.fold($0)) }
            }
            return choice.map { .string($0.id) }
        case .regex:
            guard let pattern = rule.pattern else { return .string(text) }
            return pattern.matches(text) ? .string(text) : nil
        }
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }

    /// The number in a normalised form, or nil when it is not a plausible phone number.
    static func phoneNumber(_ text: String) -> String? {
        var rest = Substring(text)
        var isInternational = false
        if rest.hasPrefix("+") {
            isInternational = true
            rest = rest.dropFirst()
        }
        var digits = ""
        for character in rest {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" .-()".contains(character) {
                return nil
            }
        }
        if !isInternational, digits.hasPrefix("00") {
            isInternational = true
            digits.removeFirst(2)
        }
        guard (7...15).contains(digits.count) else { return nil }
        return isInternational ? "+" + digits : digits
    }
}
