import Foundation
import Templates
import Yams

/// What one YAML file yields: its resources, the scalars the rules must still check, and
/// its structural diagnostics.
struct LoadedFile: Sendable {
    var source: SourceFile
    var resources: [Resource] = []
    /// Deferred scalars by ``ResourceHeader/documentKey``.
    var deferred: [String: [DeferredScalar]] = [:]
    /// Where each top-level key is written, by ``ResourceHeader/documentKey``.
    var keyLocations: [String: [String: SourceLocation]] = [:]
    var diagnostics: [Diagnostic] = []
}

/// Reads, parses, checks and decodes one YAML file. Pure apart from reading the file.
struct FileLoader {
    /// Files above this size are refused: a configuration file this large is a mistake,
    /// and parsing it would hold the whole tree in memory.
    static let maximumFileSize = 16 * 1024 * 1024

    /// How many values one document may expand to. Aliases let a few lines stand for
    /// billions of nodes ("billion laughs"); every later pass walks the tree, so the
    /// loader refuses such documents before anything else looks at them.
    static let maximumNodesPerDocument = 1_000_000

    let absolutePath: String
    let displayPath: String
    /// Whether to keep each resource's spec tree (plan needs it; validate does not).
    var keepsSpecs = true
    /// A further check of each flow that passed the flow rules (the flow compiler, which
    /// this module cannot import), run here so it shares the parallel load.
    var flowCheck: (@Sendable (Flow, [String: Template]) -> [Diagnostic])?

    func load() -> LoadedFile {
        let empty = SourceFile(displayPath: displayPath, text: "")
        let start = SourceLocation(file: displayPath, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: absolutePath) else {
            var file = LoadedFile(source: empty)
            file.diagnostics.append(
                .error(.fileUnreadable, "cannot read \(displayPath)", at: start, help: "check that the file exists and is readable"))
            return file
        }
        guard data.count <= Self.maximumFileSize else {
            var file = LoadedFile(source: empty)
            file.diagnostics.append(
                .error(
                    .fileTooLarge,
                    "\(displayPath) is \(data.count / 1_048_576) MiB; configuration files may have at most \(Self.maximumFileSize / 1_048_576) MiB",
                    at: start, help: "split it into several files, and keep contacts in CSV files"))
            return file
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            var file = LoadedFile(source: empty)
            let offset = Self.firstInvalidUTF8Offset(data)
            let prefix = data.prefix(offset)
            let line = prefix.reduce(1) { $1 == 10 ? $0 + 1 : $0 }
            let column = offset - (prefix.lastIndex(of: 10).map { $0 + 1 } ?? 0) + 1
            file.diagnostics.append(
                .error(
                    .invalidEncoding, "\(displayPath) is not valid UTF-8 (byte \(offset + 1))",
                    at: SourceLocation(file: displayPath, line: line, column: column), help: "save the file as UTF-8"))
            return file
        }
        return load(text: text)
    }

    /// Parses `text` as the content of this file.
    func load(text: String) -> LoadedFile {
        var file = LoadedFile(source: SourceFile(displayPath: displayPath, text: text))
        // Only aliases (`*name`) can make a document larger than its text.
        let hasAliases = text.utf8.contains(UInt8(ascii: "*"))
        let parser: Parser
        do {
            parser = try Parser(yaml: text, resolver: .basic)
        } catch {
            file.diagnostics.append(yamlDiagnostic(error, source: file.source))
            return file
        }
        while true {
            let root: Node?
            do {
                root = try parser.nextRoot()
            } catch {
                file.diagnostics.append(yamlDiagnostic(error, source: file.source))
                break
            }
            guard let root else { break }
            if root.isNull { continue }
            loadDocument(root, hasAliases: hasAliases, into: &file)
        }
        return file
    }

    private func loadDocument(_ root: Node, hasAliases: Bool, into file: inout LoadedFile) {
        let location = root.location(in: displayPath)
        guard root.pairs != nil else {
            file.diagnostics.append(
                .error(
                    .typeMismatch, "a document must be a mapping with 'kind' and 'name', found \(root.typeNoun)", at: location,
                    help: "start the document with `kind: Sender` (or Campaign, BroadcastList, AutoReply, Flow, Settings) and `name: ...`"))
            return
        }
        guard !hasAliases || !root.exceeds(nodeCount: Self.maximumNodesPerDocument) else {
            file.diagnostics.append(
                .error(
                    .invalidValue, "this document expands to more than \(Self.maximumNodesPerDocument) values", at: location,
                    help: "aliases (*name) repeat whole subtrees; write the values out or split the document"))
            return
        }
        let kinds = ResourceKind.allCases.map(\.rawValue)
        guard let kindNode = root.value("kind"), let kindText = kindNode.text else {
            file.diagnostics.append(
                .error(
                    .missingKind, "this document has no 'kind'", at: location,
                    help:
                        "add `kind:` with one of \(kinds.joined(separator: ", ")); if this file is not engine configuration, list it in .engineignore"
                ))
            return
        }
        guard let kind = ResourceKind(rawValue: kindText) else {
            file.diagnostics.append(
                .error(
                    .unknownKind, "'\(kindText)' is not a kind of resource", at: kindNode.location(in: displayPath), length: kindNode.caretLength,
                    help: Suggestion.help(for: kindText, among: kinds) ?? "kinds are \(kinds.joined(separator: ", "))"))
            return
        }
        let nameNode = root.value("name")
        let name = nameNode?.text ?? ""
        let id = "\(kind.rawValue)/\(name.isEmpty ? "?" : name)"
        var checker = ShapeChecker(source: file.source, resource: id)
        checker.check(root, against: .object(ResourceSchema.shape(of: kind)), path: "")
        file.diagnostics += checker.diagnostics
        guard !name.isEmpty, TextFormat.nameProblem(name) == nil else { return }
        let decoder = ResourceDecoder(file: displayPath)
        var header = ResourceHeader(
            kind: kind, name: name, location: location, nameLocation: nameNode.map { $0.location(in: displayPath) } ?? location,
            description: decoder.reader.string(root, "description"),
            isProtected: decoder.reader.bool(root, "protected", default: false), spec: keepsSpecs ? decoder.reader.spec(root) : .null)
        header.secrets = checker.deferred.compactMap { scalar in
            guard scalar.format == .secret,
                case .success(let reference) = SecretReference.parse(scalar.value.text, field: scalar.value.fieldPath)
            else { return nil }
            return SecretField(fieldPath: scalar.value.fieldPath, reference: reference, location: scalar.value.location)
        }
        let resource = decoder.decode(root, kind: kind, header: header)
        file.resources.append(resource)
        if case .flow(let flow) = resource {
            var local = RuleContext()
            FlowRules().checkFlow(flow, &local)
            file.diagnostics += local.diagnostics
            if let flowCheck, !local.diagnostics.contains(where: \.isError) {
                var parsed: [String: Template] = [:]
                for scalar in checker.deferred {
                    if let result = scalar.template, result.issues.isEmpty { parsed[scalar.value.text] = result.template }
                }
                file.diagnostics += flowCheck(flow, parsed)
            }
        }
        file.deferred[header.documentKey] = checker.deferred
        let literalSecrets = checker.deferred.filter { $0.format == .secret && !$0.value.text.hasPrefix("${") }.map(\.value)
        for value in literalSecrets + checker.redactions {
            let width = value.hasExactColumns ? value.text.count : (file.source.line(value.location.line)?.count ?? 0)
            file.source.redact(line: value.location.line, column: value.location.column, length: width)
        }
        var keys: [String: SourceLocation] = [:]
        for (key, _) in root.pairs ?? [] { if let text = key.text { keys[text] = key.location(in: displayPath) } }
        file.keyLocations[header.documentKey] = keys
    }

    private func yamlDiagnostic(_ error: Error, source: SourceFile) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error(.yamlSyntax, "cannot parse YAML: \(error)", at: SourceLocation(file: displayPath, line: 1, column: 1))
        }
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: displayPath, line: mark.line, column: mark.column) }
        switch yamlError {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let notes = context.map { ["\($0.text) at line \($0.mark.line), column \($0.mark.column)"] } ?? []
            let character = source.line(mark.line).flatMap { line in line.dropFirst(mark.column - 1).first }
            return .error(.yamlSyntax, "invalid YAML: \(problem)", at: at(mark), notes: notes, help: yamlHelp(problem, at: character))
        case let .duplicatedKeysInMapping(duplicates, context):
            let key = duplicates.first ?? "?"
            let second = Self.secondOccurrence(of: key, after: context.mark, in: source) ?? at(context.mark)
            return .error(
                .duplicateKey, "the key '\(key)' appears twice in one mapping", at: second, length: key.count,
                notes: ["first written at line \(context.mark.line), column \(context.mark.column)"],
                help: "remove one of them; YAML keeps only one value per key")
        case let .reader(problem, offset, _, _):
            return .error(
                .invalidEncoding, "cannot read YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")",
                at: SourceLocation(file: displayPath, line: 1, column: 1))
        default:
            return .error(.yamlSyntax, "cannot parse YAML: \(yamlError)", at: SourceLocation(file: displayPath, line: 1, column: 1))
        }
    }

    private func yamlHelp(_ problem: String, at character: Character?) -> String? {
        if problem.contains("tab") || character == "\t" { return "YAML indents with spaces, never tabs" }
        if problem.contains("mapping values are not allowed") { return "quote values that contain ': ', or check the indentation of this line" }
        if problem.contains("did not find expected key") { return "check the indentation: keys of one mapping must start in the same column" }
        if problem.contains("found character that cannot start any token") { return "quote values that start with @ or `" }
        return nil
    }

    /// Yams reports a duplicate key at its first occurrence; the useful place is the
    /// second one, which is found by looking for the same key at the same indentation.
    static func secondOccurrence(of key: String, after mark: Mark, in source: SourceFile) -> SourceLocation? {
        guard mark.line >= 1, mark.line <= source.lineCount else { return nil }
        let column = mark.column - 1
        for number in (mark.line + 1)...max(mark.line + 1, source.lineCount) {
            guard let line = source.line(number) else { break }
            let text = Array(line)
            guard text.count > column else { continue }
            let indentation = text.prefix(column)
            if !indentation.allSatisfy({ $0 == " " || $0 == "-" }) {
                if text.prefix(while: { $0 == " " }).count < column, !text.allSatisfy({ $0 == " " }), text.first != "#" { break }
                continue
            }
            let rest = String(text[column...])
            for candidate in [key, "\"\(key)\"", "'\(key)'"] where rest.hasPrefix(candidate) {
                let after = rest.dropFirst(candidate.count).drop(while: { $0 == " " })
                if after.hasPrefix(":") { return SourceLocation(file: source.displayPath, line: number, column: mark.column) }
            }
        }
        let firstLine = Array(source.line(mark.line) ?? "")
        if let range = String(firstLine.dropFirst(mark.column)).range(of: "\(key):") {
            let offset = String(firstLine.dropFirst(mark.column))[..<range.lowerBound].count
            return SourceLocation(file: source.displayPath, line: mark.line, column: mark.column + 1 + offset)
        }
        return nil
    }

    static func firstInvalidUTF8Offset(_ data: Data) -> Int {
        var offset = 0
        var iterator = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: return offset
            }
        }
    }
}
