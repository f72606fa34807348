extension TemplateParser {
    /// Why a filter argument literal could not be read, and where.
    private struct LiteralError: Error {
        let summary: String
        let help: String?
        let range: Range<Int>
    }

    /// Parses one `name` or `name: argument` part; `part` starts right after its `|`.
    mutating func parseFilter(in part: Range<Int>) -> Filter? {
        let filter = trimmed(part)
        guard !filter.isEmpty else {
            let pipe = part.lowerBound - 1
            report(
                .unknownFilter, "Missing filter name after '|'",
                help: "Remove the '|' or add a filter: \(FilterName.allNamesList)", range: pipe..<pipe + 1)
            return nil
        }
        var nameEnd = filter.lowerBound
        while nameEnd < filter.upperBound, characters[nameEnd].isPathNameCharacter { nameEnd += 1 }
        let nameRange = filter.lowerBound..<nameEnd
        guard !nameRange.isEmpty else {
            report(
                .unknownFilter, "Expected a filter name after '|', found '\(characters[filter.lowerBound])'",
                help: "Filters: \(FilterName.allNamesList)", range: filter)
            return nil
        }
        let nameText = String(characters[nameRange])
        guard let name = FilterName(rawValue: nameText) else {
            let help =
                FilterName.suggestion(for: nameText).map { "Did you mean '\($0)'?" }
                ?? "Filters: \(FilterName.allNamesList)"
            report(.unknownFilter, "Unknown filter '\(nameText)'", help: help, range: nameRange)
            return nil
        }
        let rest = skipWhitespace(from: nameEnd, to: filter.upperBound)
        guard rest < filter.upperBound else {
            guard !name.takesArgument else {
                report(
                    .invalidFilterArgument, "Filter '\(name)' needs an argument",
                    help: "Write '\(name.example)'", range: nameRange)
                return nil
            }
            return Self.filter(name, argument: nil)
        }
        guard name.takesArgument else {
            report(
                .invalidFilterArgument, "Filter '\(name)' takes no argument",
                help: "Write just '\(name)'", range: rest..<filter.upperBound)
            return nil
        }
        guard characters[rest] == ":" else {
            report(
                .invalidFilterArgument, "Expected ':' between filter '\(name)' and its argument",
                help: "Write '\(name.example)'", range: rest..<filter.upperBound)
            return nil
        }
        let argumentStart = skipWhitespace(from: rest + 1, to: filter.upperBound)
        guard argumentStart < filter.upperBound else {
            report(
                .invalidFilterArgument, "Missing argument after '\(name):'",
                help: "Write '\(name.example)'", range: rest..<rest + 1)
            return nil
        }
        let argumentRange = argumentStart..<filter.upperBound
        let argument: TemplateValue
        switch parseLiteral(argumentRange) {
        case .success(let value):
            argument = value
        case .failure(let error):
            report(.invalidFilterArgument, error.summary, help: error.help, range: error.range)
            return nil
        }
        guard let parsed = Self.filter(name, argument: argument) else {
            report(
                .invalidFilterArgument,
                "Filter '\(name)' cannot take \(String(characters[argumentRange])) as its argument",
                help: Self.argumentHelp(for: name), range: argumentRange)
            return nil
        }
        return parsed
    }

    /// Builds the filter if the argument has the type the filter needs.
    private static func filter(_ name: FilterName, argument: TemplateValue?) -> Filter? {
        switch (name, argument) {
        case (.default, .some(let value)): .default(value)
        case (.truncate, .int(let count)?) where count > 0: .truncate(count)
        case (.date, .string(let format)?) where !format.isEmpty: .date(format: format)
        case (.upper, nil): .upper
        case (.lower, nil): .lower
        case (.title, nil): .title
        case (.trim, nil): .trim
        case (.json, nil): .json
        case (.urlencode, nil): .urlencode
        case (.phone, nil): .phone
        default: nil
        }
    }

    private static func argumentHelp(for name: FilterName) -> String {
        switch name {
        case .truncate: "The argument is a positive whole number of characters, e.g. 'truncate: 20'"
        case .date: #"The argument is a non-empty quoted format, e.g. 'date: "yyyy-MM-dd"'"#
        default: "Write '\(name.example)'"
        }
    }

    /// Reads a whole argument: a double-quoted string (escapes `\"` and `\\`) or a decimal number.
    private func parseLiteral(_ range: Range<Int>) -> Result<TemplateValue, LiteralError> {
        let first = characters[range.lowerBound]
        let end: Int
        let value: TemplateValue
        if first == "\"" {
            var text = ""
            var index = range.lowerBound + 1
            var closed = false
            while index < range.upperBound {
                let character = characters[index]
                if character == "\"" {
                    closed = true
                    index += 1
                    break
                }
                if character == "\\" {
                    guard index + 1 < range.upperBound else { break }
                    let escaped = characters[index + 1]
                    guard escaped == "\"" || escaped == "\\" else {
                        return .failure(
                            LiteralError(
                                summary: "Unsupported escape '\\\(escaped)' in filter argument",
                                help: #"Only \" and \\ are escapes inside quotes"#, range: index..<index + 2))
                    }
                    text.append(escaped)
                    index += 2
                    continue
                }
                text.append(character)
                index += 1
            }
            guard closed else {
                return .failure(
                    LiteralError(
                        summary: "Unterminated string in filter argument",
                        help: #"Close the argument with '"'"#, range: range))
            }
            end = index
            value = .string(text)
        } else if first == "-" || first.isASCIIDigit {
            var index = range.lowerBound + (first == "-" ? 1 : 0)
            let digitsStart = index
            while index < range.upperBound, characters[index].isASCIIDigit { index += 1 }
            var isInteger = true
            if index < range.upperBound, characters[index] == ".",
                index + 1 < range.upperBound, characters[index + 1].isASCIIDigit
            {
                isInteger = false
                index += 1
                while index < range.upperBound, characters[index].isASCIIDigit { index += 1 }
            }
            let text = String(characters[range.lowerBound..<index])
            guard index > digitsStart else {
                return .failure(
                    LiteralError(
                        summary: "Expected a number after '-'", help: nil, range: range.lowerBound..<index))
            }
            if isInteger, let int = Int(text) {
                value = .int(int)
            } else if let number = Double(text) {
                value = .number(number)
            } else {
                return .failure(
                    LiteralError(
                        summary: "Number '\(text)' cannot be read", help: nil, range: range.lowerBound..<index))
            }
            end = index
        } else {
            let help =
                first == "'"
                ? "Use double quotes for text, e.g. \"yes\""
                : #"Quote text with double quotes, e.g. "\#(String(characters[range]))""#
            return .failure(
                LiteralError(
                    summary: "Expected a quoted string or a number, found '\(String(characters[range]))'",
                    help: help, range: range))
        }
        // `range` is trimmed, so anything left after spaces is stray text, not trailing blanks.
        let extra = skipWhitespace(from: end, to: range.upperBound)
        guard extra == range.upperBound else {
            return .failure(
                LiteralError(
                    summary: "Unexpected '\(String(characters[extra..<range.upperBound]))' after filter argument",
                    help: "A filter takes a single argument; separate filters with '|'",
                    range: extra..<range.upperBound))
        }
        return .success(value)
    }
}
