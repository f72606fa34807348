// Path and filter names are ASCII-structured; `isWholeNumber` alone would accept
// digits from other scripts that `Int(_:)` cannot read. ASCII is answered from the
// byte: Unicode property lookups are slow and these run for every template character.
extension Character {
    var isASCIIDigit: Bool {
        guard let byte = asciiValue else { return false }
        return (48...57).contains(byte)
    }

    var isPathNameCharacter: Bool {
        if let byte = asciiValue {
            return (97...122).contains(byte) || (65...90).contains(byte) || (48...57).contains(byte) || byte == 95 || byte == 45
        }
        return isLetter
    }

    /// A letter, answered without a property lookup for ASCII.
    var isNameLetter: Bool {
        if let byte = asciiValue { return (97...122).contains(byte) || (65...90).contains(byte) }
        return isLetter
    }
}
