extension VariablePath {
    /// Why some text is not a path; the summary is shown to users as is.
    struct SyntaxError: Error {
        let summary: String
    }

    static func parse(_ characters: ArraySlice<Character>) -> Result<VariablePath, SyntaxError> {
        // The whole path appears only in error messages, so it is built only for them.
        var text: String { String(characters) }
        guard !characters.isEmpty else {
            return .failure(SyntaxError(summary: "Missing variable path"))
        }
        var components: [Component] = []
        let parts = characters.split(separator: ".", omittingEmptySubsequences: false)
        for part in parts {
            guard let first = part.first else {
                return .failure(SyntaxError(summary: "Empty segment in path '\(text)'"))
            }
            if part.allSatisfy(\.isASCIIDigit) {
                guard !components.isEmpty else {
                    return .failure(
                        SyntaxError(
                            summary: "Path '\(text)' must start with a namespace name, not an index"))
                }
                // Int() rejects only overflow here, since every character is a digit.
                guard let index = Int(String(part)) else {
                    return .failure(SyntaxError(summary: "Index '\(String(part))' in path '\(text)' is too large"))
                }
                components.append(.index(index))
                continue
            }
            guard first.isNameLetter || first == "_" else {
                return .failure(
                    SyntaxError(
                        summary: "Segment '\(String(part))' in path '\(text)' must start with a letter or '_'"))
            }
            if let bad = part.first(where: { !$0.isPathNameCharacter }) {
                let shown = bad.isWhitespace ? "a space" : "'\(bad)'"
                return .failure(SyntaxError(summary: "Unexpected \(shown) in path '\(text)'"))
            }
            components.append(.key(String(part)))
        }
        return .success(VariablePath(validatedComponents: components))
    }
}
