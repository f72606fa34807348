/// Patterns from `.engineignore`: which files and directories a configuration skips.
///
/// One pattern a line; `#` starts a comment. A pattern ending in `/` matches
/// directories; a pattern with a `/` elsewhere matches the path relative to the
/// configuration directory; any other pattern matches a file or directory name at any
/// depth. `*` matches within a path segment, `**` across segments, `?` one character.
public struct IgnoreRules: Sendable {
    private struct Rule: Sendable {
        var pattern: [Character]
        var directoriesOnly: Bool
        var anchored: Bool
    }

    private var rules: [Rule] = []

    /// Parses the contents of an `.engineignore` file.
    public init(_ text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingSpaces
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let directoriesOnly = line.hasSuffix("/")
            if directoriesOnly { line.removeLast() }
            let anchored = line.contains("/")
            if line.hasPrefix("/") { line.removeFirst() }
            rules.append(Rule(pattern: Array(line), directoriesOnly: directoriesOnly, anchored: anchored))
        }
    }

    /// Whether `relativePath` (slash-separated, relative to the configuration) is ignored.
    public func ignores(_ relativePath: String, isDirectory: Bool) -> Bool {
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        for rule in rules where !rule.directoriesOnly || isDirectory {
            let subject = rule.anchored ? relativePath : name
            if Self.matches(rule.pattern[...], Array(subject)[...]) { return true }
        }
        return false
    }

    private static func matches(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        guard let first = pattern.first else { return text.isEmpty }
        if first == "*" {
            let crossesSlash = pattern.dropFirst().first == "*"
            let rest = pattern.dropFirst(crossesSlash ? 2 : 1)
            var index = text.startIndex
            while true {
                if matches(rest, text[index...]) { return true }
                guard index < text.endIndex, crossesSlash || text[index] != "/" else { return false }
                index += 1
            }
        }
        guard let character = text.first, first == "?" ? character != "/" : first == character else { return false }
        return matches(pattern.dropFirst(), text.dropFirst())
    }
}
