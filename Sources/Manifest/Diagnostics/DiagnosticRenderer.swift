/// Renders diagnostics as text for people: a first line editors understand,
/// the source line with a caret under the problem, then notes and help.
///
/// ```
/// flows/support.yaml:12:15: error[flow.unknown-node]: node 'ask' goes to 'wiat', which is not a node of flow 'support'
///    12 |   ask: { send: "Hi", next: wiat }
///       |                            ^^^^
///   help: did you mean 'wait'?
/// ```
public struct DiagnosticRenderer: Sendable {
    /// Source texts by display path, used for excerpts. Files missing here get no excerpt.
    public var sources: [String: SourceFile]
    /// Whether to emit ANSI colours (only on a terminal, never when NO_COLOR is set).
    public var usesColor: Bool

    /// Creates a renderer over the given sources.
    public init(sources: [String: SourceFile], usesColor: Bool = false) {
        self.sources = sources
        self.usesColor = usesColor
    }

    /// Renders one diagnostic, ending with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let label = diagnostic.severity == .error ? paint("error", .red) : paint("warning", .yellow)
        var out = "\(location): \(label)[\(diagnostic.code)]: \(paint(diagnostic.summary, .bold))\n"
        if let line = sources[location.file]?.line(location.line) {
            let number = String(location.line)
            let gutter = String(repeating: " ", count: max(4, number.count))
            out += "\(gutter.dropLast(number.count))\(number) | \(line)\n"
            out += "\(gutter) | \(caretLine(under: line, column: location.column, length: diagnostic.length))\n"
        }
        for note in diagnostic.notes {
            out += "  note: \(note)\n"
        }
        if let help = diagnostic.help {
            out += "  \(paint("help", .cyan)): \(help)\n"
        }
        return out
    }

    /// Renders all diagnostics, sorted, followed by a one-line summary.
    public func render(_ report: ValidationReport) -> String {
        var out = ""
        for diagnostic in report.diagnostics {
            out += render(diagnostic)
        }
        out += report.summaryLine + "\n"
        return out
    }

    /// Spaces up to `column`, keeping tabs so the caret lines up in a terminal, then carets.
    private func caretLine(under line: Substring, column: Int, length: Int) -> String {
        var prefix = ""
        for (index, character) in line.enumerated() where index < column - 1 {
            prefix.append(character == "\t" ? "\t" : " ")
        }
        let available = max(1, line.count - (column - 1))
        let carets = String(repeating: "^", count: min(length, available))
        return prefix + paint(carets, .red)
    }

    private enum Style: String {
        case red = "31", yellow = "33", cyan = "36", bold = "1"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        usesColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }
}
