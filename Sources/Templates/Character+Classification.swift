// Path and filter names are ASCII-structured; `isWholeNumber` alone would accept
// digits from other scripts that `Int(_:)` cannot read.
extension Character {
    var isASCIIDigit: Bool {
        isASCII && isWholeNumber
    }

    var isPathNameCharacter: Bool {
        isLetter || isASCIIDigit || self == "_" || self == "-"
    }
}
