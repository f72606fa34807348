import Foundation

/// How keywords and messages are compared: folded, then cut into words.
///
/// Folding removes case, accents and width differences (`Café` and `CAFE` both become
/// `cafe`, `Straße` becomes `strasse`) and the emoji skin-tone modifiers and variation
/// selectors that make one emoji look like several. Words are runs of letters and digits;
/// each symbol or emoji is a word of its own (`thanks👍` is `thanks`, `👍`); spaces and
/// punctuation only separate. Keywords and messages go through the same functions, so a
/// keyword matches whatever reads the same once folded: `order?` has the word `order`, and
/// `Order-Status` has the words `order status`.
enum KeywordText {
    /// The folded form of `text`.
    static func fold(_ text: String) -> String {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        guard folded.unicodeScalars.contains(where: isIgnorable) else { return folded }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: folded.unicodeScalars.filter { !isIgnorable($0) })
        return String(result)
    }

    /// The words of already folded text.
    static func words(_ folded: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in folded {
            if character.isLetter || character.isNumber {
                current.append(character)
                continue
            }
            if !current.isEmpty {
                words.append(current)
                current = ""
            }
            if character.isSymbol || character.unicodeScalars.contains(where: \.properties.isEmojiPresentation) {
                words.append(String(character))
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The words of folded text joined by single spaces: what `exact` and `prefix` compare.
    /// Text without any word (only punctuation) is kept as it is, trimmed.
    static func phrase(_ folded: String) -> String {
        let words = words(folded)
        guard words.isEmpty else { return words.joined(separator: " ") }
        return folded.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Emoji skin-tone modifiers and variation selectors.
    private static func isIgnorable(_ scalar: Unicode.Scalar) -> Bool {
        (0x1F3FB...0x1F3FF).contains(scalar.value) || scalar.value == 0xFE0E || scalar.value == 0xFE0F
    }
}
