import Foundation
import Templates

/// A number as people type it: optional sign, digits, and a decimal point or comma.
struct NumberText {
    /// The number.
    let double: Double
    /// Whether it was written without a fractional part and fits `Int`.
    let integer: Int?

    /// Parses trimmed `text`; nil unless the whole text is a number. Thousands separators are not accepted.
    init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var sawDigit = false
        var sawSeparator = false
        var normalized = ""
        for (offset, character) in trimmed.enumerated() {
            if character.isASCII, character.isNumber {
                sawDigit = true
                normalized.append(character)
            } else if offset == 0, character == "-" || character == "+" {
                normalized.append(character)
            } else if character == "." || character == ",", !sawSeparator {
                sawSeparator = true
                normalized.append(".")
            } else {
                return nil
            }
        }
        guard sawDigit, normalized.last != ".", let double = Double(normalized), double.isFinite else { return nil }
        self.double = double
        self.integer = sawSeparator ? nil : Int(normalized)
    }

    /// The number as a template value: `.int` when whole, else `.number`.
    var value: TemplateValue {
        integer.map(TemplateValue.int) ?? .number(double)
    }
}
