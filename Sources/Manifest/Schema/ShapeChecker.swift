import Templates
import Yams

/// Checks a YAML node against a ``Shape`` and collects every structural problem:
/// unknown keys (with the nearest known key), missing fields, wrong types, enum
/// values, formats and ranges. Semantic checks (references, graphs, contacts) run
/// later on the decoded model.
struct ShapeChecker {
    /// The display path of the file being checked.
    let file: String
    /// `Kind/name` of the resource, attached to every diagnostic.
    let resource: String?
    /// The file's text, to compute exact columns inside scalars.
    let source: SourceFile
    /// What has been found so far.
    private(set) var diagnostics: [Diagnostic] = []
    /// Scalars whose format needs context the checker lacks (templates, phones, paths,
    /// secrets), in document order, for the rules to finish.
    private(set) var deferred: [DeferredScalar] = []
    /// Scalars whose text must be masked in excerpts (beyond literal secrets).
    private(set) var redactions: [TemplateText] = []

    init(source: SourceFile, resource: String?) {
        self.file = source.displayPath
        self.source = source
        self.resource = resource
    }

    /// Checks `node` against `shape`; `path` is the dotted field path for messages.
    mutating func check(_ node: Node, against shape: Shape, path: String) {
        pathBytes = Array(path.utf8)
        check(node, against: shape)
    }

    /// The dotted path of the value being checked, kept as bytes and turned into a
    /// string only when a diagnostic or a deferred scalar needs it: most fields pass.
    private var pathBytes: [UInt8] = []

    private var path: String { String(decoding: pathBytes, as: UTF8.self) }

    /// The last component of the path, for messages that name the field.
    private var leaf: String {
        let start = pathBytes.lastIndex(of: UInt8(ascii: ".")).map { $0 + 1 } ?? 0
        return String(decoding: pathBytes[start...], as: UTF8.self)
    }

    /// The path of the child `key`, as a string.
    private func path(appending key: String) -> String {
        pathBytes.isEmpty ? key : path + "." + key
    }

    /// Appends `.key` (or `key` at the root) and returns the length to restore.
    private mutating func enter(_ key: String) -> Int {
        let mark = pathBytes.count
        if !pathBytes.isEmpty { pathBytes.append(UInt8(ascii: ".")) }
        pathBytes.append(contentsOf: key.utf8)
        return mark
    }

    /// Appends `[index]` and returns the length to restore.
    private mutating func enter(index: Int) -> Int {
        let mark = pathBytes.count
        pathBytes.append(UInt8(ascii: "["))
        pathBytes.append(contentsOf: String(index).utf8)
        pathBytes.append(UInt8(ascii: "]"))
        return mark
    }

    private mutating func leave(_ mark: Int) {
        pathBytes.removeSubrange(mark...)
    }

    private mutating func check(_ node: Node, against shape: Shape) {
        switch shape {
        case .any:
            deferAllScalars(in: node)
        case .flag:
            guard node.isNull || node.text == "true" else {
                report(
                    .typeMismatch, "'\(leaf)' takes no value other than true, found \(node.typeNoun)", at: node,
                    help: "write `\(leaf): true`")
                return
            }
        case .oneOf(let shapes):
            let kind = node.kind
            guard let match = shapes.first(where: { $0.nodeKind == kind || $0.nodeKind == .any }) else {
                report(.typeMismatch, "'\(leaf)' expects \(shape.noun), found \(node.typeNoun)", at: node)
                return
            }
            check(node, against: match)
        case .list(let element, let minCount):
            guard let items = node.items else {
                report(
                    .typeMismatch, "'\(leaf)' expects a list, found \(node.typeNoun)", at: node,
                    help: node.text.map { "write a list: [\($0)]" })
                return
            }
            if items.count < minCount {
                report(.invalidValue, "'\(leaf)' needs at least \(minCount) \(minCount == 1 ? "entry" : "entries")", at: node)
            }
            for (index, item) in items.enumerated() {
                let mark = enter(index: index)
                check(item, against: element)
                leave(mark)
            }
        case .object(let object):
            checkObject(node, object)
        case .dictionary(let valueShape):
            guard let pairs = node.pairs else {
                report(.typeMismatch, "'\(leaf)' expects a mapping, found \(node.typeNoun)", at: node)
                return
            }
            for (key, value) in pairs {
                guard let name = key.text else {
                    report(.typeMismatch, "keys of '\(leaf)' must be names, found \(key.typeNoun)", at: key)
                    continue
                }
                let mark = enter(name)
                check(value, against: valueShape)
                leave(mark)
            }
        case .text, .integer, .number, .boolean, .choice:
            checkScalar(node, shape)
        }
    }

    private mutating func checkObject(_ node: Node, _ object: ObjectShape) {
        guard case .mapping(let mapping) = node else {
            report(
                .typeMismatch, "\(pathBytes.isEmpty ? "the document" : "'\(leaf)'") expects a mapping, found \(node.typeNoun)", at: node)
            return
        }
        // Which fields are written, by position: most objects are checked without hashing
        // a key twice. Only objects with exclusive groups remember the key nodes.
        var written = [Bool](repeating: false, count: object.fields.count)
        let tracksPresence = !object.exclusiveGroups.isEmpty
        var present: [String: Node] = [:]
        // By index: iterating a Yams mapping copies every pair into a new array first.
        for index in mapping.indices {
            let (key, value) = mapping[index]
            guard let name = key.text else {
                report(.typeMismatch, "keys must be text, found \(key.typeNoun)", at: key)
                continue
            }
            if let position = object.position(of: name) {
                let field = object.fields[position]
                written[position] = true
                if tracksPresence, !value.isNull || field.shape.isFlag { present[name] = key }
                if value.isNull, !field.shape.isFlag {
                    if field.isRequired {
                        report(
                            .missingField, "'\(path(appending: name))' has no value", at: key, path: path(appending: name),
                            help: "give it \(field.shape.noun), or remove the key")
                    }
                    continue
                }
                let mark = enter(name)
                check(value, against: field.shape)
                leave(mark)
            } else if let extra = object.extraValues {
                if tracksPresence { present[name] = key }
                let mark = enter(name)
                check(value, against: extra)
                leave(mark)
            } else {
                let known = object.fields.map(\.name)
                let help =
                    Suggestion.help(for: name, among: known)
                    ?? "\(object.title) accepts " + known.map { "'\($0)'" }.joined(separator: ", ")
                report(
                    .unknownKey, "unknown key '\(name)' in \(object.title)", at: key, length: name.count, path: path(appending: name), help: help)
            }
        }
        for (position, field) in object.fields.enumerated() where field.isRequired && !written[position] {
            report(
                .missingField, "\(object.title) is missing the required field '\(field.name)'", at: node, length: 1,
                path: path(appending: field.name), help: "add `\(field.name):` with \(field.shape.noun)")
        }
        for group in object.exclusiveGroups {
            let found = group.keys.filter { present[$0] != nil }
            if found.count > 1, let second = present[found[1]] {
                report(
                    .conflictingFields, "'\(found[0])' and '\(found[1])' cannot be used together in \(object.title)", at: second,
                    length: found[1].count, path: path(appending: found[1]),
                    help: "keep one of " + group.keys.map { "'\($0)'" }.joined(separator: ", "))
            } else if found.isEmpty, group.isRequired {
                report(.missingField, "\(object.title) needs one of " + group.keys.map { "'\($0)'" }.joined(separator: ", "), at: node)
            }
        }
    }

    private mutating func checkScalar(_ node: Node, _ shape: Shape) {
        guard let text = node.text else {
            report(.typeMismatch, "'\(leaf)' expects \(shape.noun), found \(node.typeNoun)", at: node)
            return
        }
        switch shape {
        case .text(let format):
            if format == .smtpURL, text.contains("@") {
                // Credentials written into the URL must not reach any excerpt.
                redactions.append(templateText(node, text: text))
            }
            if let problem = format.problem(with: text) {
                report(.invalidValue, problem.message, at: node, help: problem.help)
            } else if format.isDeferred {
                deferred.append(DeferredScalar(format: format, value: templateText(node, text: text)))
            }
        case .integer(let range):
            guard let value = Int(text) else {
                report(.typeMismatch, "'\(leaf)' expects a whole number, found \(node.typeNoun)", at: node)
                return
            }
            if let range, !range.contains(value) {
                report(.invalidValue, "'\(leaf)' must be \(describe(range)), found \(value)", at: node)
            }
        case .number(let range):
            guard let value = Double(text), value.isFinite else {
                report(.typeMismatch, "'\(leaf)' expects a number, found \(node.typeNoun)", at: node)
                return
            }
            if let range, !range.contains(value) {
                report(
                    .invalidValue, "'\(leaf)' must be between \(format(range.lowerBound)) and \(format(range.upperBound)), found \(text)",
                    at: node)
            }
        case .boolean:
            guard Self.boolean(text) != nil else {
                let help =
                    ["yes", "no", "on", "off", "y", "n"].contains(text.lowercased())
                    ? "this engine reads YAML 1.2: write true or false" : "write true or false"
                report(.typeMismatch, "'\(leaf)' expects true or false, found \(node.typeNoun)", at: node, help: help)
                return
            }
        case .choice(let words):
            guard words.contains(text) else {
                let help = Suggestion.help(for: text, among: words) ?? "use " + words.map { "'\($0)'" }.joined(separator: ", ")
                report(.invalidValue, "'\(text)' is not a valid \(leaf)", at: node, help: help)
                return
            }
        default:
            break
        }
    }

    /// Text scalars inside free-form values (an HTTP body) are templates.
    private mutating func deferAllScalars(in node: Node) {
        switch node {
        case .scalar(let scalar) where !node.isNull:
            deferred.append(DeferredScalar(format: .template, value: templateText(node, text: scalar.string)))
        case .sequence(let sequence):
            for (index, item) in sequence.enumerated() {
                let mark = enter(index: index)
                deferAllScalars(in: item)
                leave(mark)
            }
        case .mapping(let mapping):
            for (key, value) in mapping.map({ $0 }) {
                let mark = enter(key.text ?? "?")
                deferAllScalars(in: value)
                leave(mark)
            }
        default:
            break
        }
    }

    /// Locates a scalar's value so that character offsets inside it map onto columns
    /// when the scalar is on one line and written without escapes.
    private func templateText(_ node: Node, text: String) -> TemplateText {
        var location = node.location(in: file)
        var exact = false
        if case .scalar(let scalar) = node, !text.containsNewline, let line = source.line(location.line) {
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if scalar.style == .plain || quoted {
                // Columns count Unicode scalars (libyaml's unit); compare bytes after them.
                let start = location.column - 1 + (quoted ? 1 : 0)
                let scalars = line.unicodeScalars
                if let index = scalars.index(scalars.startIndex, offsetBy: start, limitedBy: scalars.endIndex),
                    line.utf8[index...].starts(with: text.utf8)
                {
                    location.column = start + 1
                    exact = true
                }
            }
        }
        var result = TemplateText(text: text, location: location, hasExactColumns: exact, fieldPath: path)
        if !exact, case .scalar(let scalar) = node, scalar.style == .singleQuoted || scalar.style == .doubleQuoted,
            !text.containsNewline, let line = source.line(location.line),
            let offsets = Self.columnOffsets(of: text, quotedIn: line, afterColumn: location.column, isDouble: scalar.style == .doubleQuoted)
        {
            result.location.column += 1
            result.columnOffsets = offsets
        }
        return result
    }

    /// Maps each character of a quoted scalar's value to its column by decoding the
    /// escapes of its one source line; nil when the decoding does not reproduce `text`.
    static func columnOffsets(of text: String, quotedIn line: Substring, afterColumn column: Int, isDouble: Bool) -> [Int]? {
        let source = Array(line.unicodeScalars.dropFirst(column))  // after the opening quote
        let value = Array(text.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(value.count + 1)
        var position = 0
        let escapeLengths: [Unicode.Scalar: Int] = ["x": 4, "u": 6, "U": 10]
        for expected in value {
            guard position < source.count else { return nil }
            offsets.append(position)
            if isDouble, source[position] == "\\", position + 1 < source.count {
                position += escapeLengths[source[position + 1]] ?? 2
            } else if !isDouble, source[position] == "'", position + 1 < source.count, source[position + 1] == "'" {
                guard expected == "'" else { return nil }
                position += 2
            } else {
                guard source[position] == expected else { return nil }
                position += 1
            }
        }
        offsets.append(position)
        // Offsets count scalars; templates count characters. They agree unless the text
        // combines scalars into one character, where columns are left approximate.
        guard text.count == value.count else { return nil }
        return offsets
    }

    /// YAML 1.2 core booleans.
    static func boolean(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    private func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == .max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    private mutating func report(
        _ code: Diagnostic.Code, _ summary: String, at node: Node, length: Int? = nil, path: String? = nil, help: String? = nil
    ) {
        let path = path ?? self.path
        diagnostics.append(
            Diagnostic(
                .error, code, summary, at: node.location(in: file), length: length ?? node.caretLength,
                resource: resource, fieldPath: path.isEmpty ? nil : path, help: help))
    }
}

/// A scalar the rules still have to check, with its format.
struct DeferredScalar: Sendable {
    var format: TextFormat
    var value: TemplateText
    /// Templates are parsed where the file is loaded (in parallel); the rules only
    /// check what needs the whole configuration.
    var template: TemplateParseResult?

    init(format: TextFormat, value: TemplateText) {
        self.format = format
        self.value = value
        if format == .template || format == .templateURL, value.text.containsInsertionOpener {
            template = Template.parse(value.text)
        }
    }
}

extension TextFormat {
    /// Formats checked by the rules, which know the directory, settings and contacts.
    var isDeferred: Bool {
        switch self {
        case .template, .templateURL, .phone, .path, .secret: return true
        default: return false
        }
    }
}

extension Shape {
    var isFlag: Bool {
        if case .flag = self { return true }
        return false
    }
}

extension Node {
    var kind: Shape.NodeKind {
        switch self {
        case .scalar, .alias: return .scalar
        case .sequence: return .sequence
        case .mapping: return .mapping
        }
    }
}
