extension TemplateParser {
    private static let pathHelp = "Paths are dotted names and list indexes, e.g. contact.name or flow.httpResponse.items.0.name"

    /// Parses the text between `<<` and `>>`; `range` covers the whole insertion.
    mutating func parseInsertion(range: Range<Int>, body: Range<Int>) {
        let parts = splitOnPipes(body)
        let pathRange = trimmed(parts[0])
        if parts.count == 1 && pathRange.isEmpty {
            report(
                .empty, "Empty insertion '\(String(characters[range]))'",
                help: #"Write a variable between the brackets, e.g. <<contact.name>>, or '\<<' for a literal '<<'"#,
                range: range)
            appendText(range)
            return
        }
        var path: VariablePath?
        if pathRange.isEmpty {
            report(.invalidPath, "Missing variable path before '|'", help: Self.pathHelp, range: range)
        } else {
            switch VariablePath.parse(characters[pathRange]) {
            case .success(let parsed):
                path = parsed
            case .failure(let error):
                report(.invalidPath, error.summary, help: Self.pathHelp, range: pathRange)
            }
        }
        // Filters are checked even without a path so one pass reports every problem.
        let filters = parts.dropFirst().compactMap { parseFilter(in: $0) }
        guard let path else {
            // Without a path nothing can be inserted; keeping the source text makes the damage visible.
            appendText(range)
            return
        }
        append(Insertion(path: path, filters: filters, range: range, pathRange: pathRange))
    }

    /// Splits the body at every `|` outside a quoted argument; each later part starts right after its `|`.
    private func splitOnPipes(_ body: Range<Int>) -> [Range<Int>] {
        var parts: [Range<Int>] = []
        var start = body.lowerBound
        var index = body.lowerBound
        var inQuote = false
        while index < body.upperBound {
            let character = characters[index]
            if inQuote {
                if character == "\\" {
                    index += 2
                    continue
                }
                if character == "\"" { inQuote = false }
            } else if character == "\"" {
                inQuote = true
            } else if character == "|" {
                parts.append(start..<index)
                start = index + 1
            }
            index += 1
        }
        parts.append(start..<body.upperBound)
        return parts
    }
}
