import Foundation
import Manifest
import Yams

/// A scenario file that cannot be read as one, with the position to fix.
struct ScenarioError: Error, Sendable, CustomStringConvertible {
    var location: SourceLocation
    var message: String
    var description: String { "\(location): error: \(message)" }
}

/// Reads the scenario files of a configuration: every `*.yaml`/`*.yml` file directly in
/// `DIR/tests/` (not below it), each YAML document one scenario.
struct ScenarioLoader {
    /// The configuration directory.
    let directory: URL

    /// Scenario file paths relative to the directory, sorted.
    func files() -> [String] {
        let folder = directory.appendingPathComponent("tests")
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }.sorted().map { "tests/\($0)" }
    }

    /// Every scenario of `file`, or the errors that stop it from being run.
    func load(_ file: String) -> (scenarios: [Scenario], errors: [ScenarioError]) {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
            return ([], [ScenarioError(location: start, message: "cannot read the file as UTF-8 text")])
        }
        var scenarios: [Scenario] = []
        var errors: [ScenarioError] = []
        do {
            let parser = try Parser(yaml: text, resolver: .basic)
            var index = 0
            while let root = try parser.nextRoot() {
                index += 1
                var reader = DocumentReader(file: file)
                if let scenario = reader.scenario(root, fallbackName: "\(file) #\(index)") { scenarios.append(scenario) }
                errors += reader.errors
            }
        } catch let error as YamlError {
            errors.append(ScenarioError(location: start, message: "invalid YAML: \(error)"))
        } catch {
            errors.append(ScenarioError(location: start, message: "invalid YAML: \(error)"))
        }
        return errors.isEmpty ? (scenarios, []) : ([], errors)
    }
}

/// Reads one document, collecting every problem rather than stopping at the first.
private struct DocumentReader {
    let file: String
    var errors: [ScenarioError] = []

    init(file: String) {
        self.file = file
    }

    mutating func scenario(_ root: Node, fallbackName: String) -> Scenario? {
        guard case .mapping(let mapping) = root else {
            fail(root, "a scenario is a mapping with 'contact' and 'steps'")
            return nil
        }
        let known: Set = ["name", "sender", "contact", "http", "steps"]
        for key in mapping.keys where !known.contains(key.string ?? "") {
            fail(key, "unknown key '\(key.string ?? "?")' in a scenario; keys are \(known.sorted().joined(separator: ", "))")
        }
        var phone = ""
        var name: String?
        if let contact = mapping["contact"] {
            if let text = contact.scalar?.string {
                phone = text
            } else if case .mapping(let fields) = contact {
                phone = fields["phone"]?.scalar?.string ?? ""
                name = fields["name"]?.scalar?.string
            }
            if phone.isEmpty { fail(contact, "'contact' needs a phone number: `contact: { phone: \"+15550109999\", name: Ada }`") }
        } else {
            fail(root, "a scenario needs 'contact' (the phone number that writes in)")
        }
        var stubs: [HTTPStub] = []
        for item in mapping["http"]?.sequence ?? [] {
            if let stub = httpStub(item) { stubs.append(stub) }
        }
        var steps: [ScenarioStep] = []
        if let list = mapping["steps"]?.sequence, !list.isEmpty {
            for item in list {
                if let step = step(item) { steps.append(step) }
            }
        } else {
            fail(mapping["steps"] ?? root, "a scenario needs a non-empty list of 'steps'")
        }
        return Scenario(
            file: file, name: mapping["name"]?.scalar?.string ?? fallbackName, location: location(root),
            sender: mapping["sender"]?.scalar?.string, contactPhone: phone, contactName: name, httpStubs: stubs, steps: steps)
    }

    private mutating func step(_ node: Node) -> ScenarioStep? {
        guard case .mapping(let mapping) = node, mapping.count == 1, let (keyNode, value) = mapping.first, let key = keyNode.string
        else {
            fail(node, "a step is one of `say: TEXT`, `tap: BUTTON-ID`, `expect: …`, `expectNothing: true`, `wait: DURATION`")
            return nil
        }
        let at = location(keyNode)
        switch key {
        case "say":
            guard let text = value.scalar?.string else { return failed(value, "'say' takes the text the contact writes") }
            return ScenarioStep(action: .say(text: text, buttonID: nil), location: at)
        case "tap":
            guard let id = value.scalar?.string else { return failed(value, "'tap' takes the id of a button or list row") }
            return ScenarioStep(action: .say(text: id, buttonID: id), location: at)
        case "expect":
            return expectation(value).map { ScenarioStep(action: .expect($0), location: at) }
        case "expectNothing":
            guard value.scalar?.string == "true" else { return failed(value, "write `expectNothing: true`") }
            return ScenarioStep(action: .expectNothing, location: at)
        case "wait":
            guard let text = value.scalar?.string, case .success(let duration) = DurationValue.parse(text) else {
                return failed(value, "'wait' takes a duration such as 30s, 10m or 2h")
            }
            return ScenarioStep(action: .wait(duration), location: at)
        default:
            let help = Suggestion.closest(to: key, among: ["say", "tap", "expect", "expectNothing", "wait"]).map { "; did you mean '\($0)'?" } ?? ""
            return failed(keyNode, "unknown step '\(key)'\(help)")
        }
    }

    private mutating func expectation(_ node: Node) -> MessageExpectation? {
        if let text = node.scalar?.string { return MessageExpectation(text: .exact(text)) }
        guard case .mapping(let mapping) = node else { return failed(node, "'expect' takes the text, or { text | pattern, buttons, template }") }
        var expectation = MessageExpectation()
        if let text = mapping["text"]?.scalar?.string { expectation.text = .exact(text) }
        if let patternNode = mapping["pattern"], let pattern = patternNode.scalar?.string {
            do {
                expectation.text = .pattern(pattern, try Regex(pattern))
            } catch {
                fail(patternNode, "'\(pattern)' is not a valid regular expression: \(error)")
            }
        }
        if let buttons = mapping["buttons"]?.sequence { expectation.buttons = buttons.compactMap { $0.scalar?.string } }
        expectation.template = mapping["template"]?.scalar?.string
        return expectation
    }

    private mutating func httpStub(_ node: Node) -> HTTPStub? {
        guard case .mapping(let mapping) = node, let url = mapping["url"]?.scalar?.string else {
            return failed(node, "an http stub needs at least 'url' (and usually method, status and body)")
        }
        var pattern: String?
        if url.count > 2, url.hasPrefix("/"), url.hasSuffix("/") {
            pattern = String(url.dropFirst().dropLast())
            if (try? Regex(String(url.dropFirst().dropLast()))) == nil { fail(mapping["url"] ?? node, "'\(url)' is not a valid regular expression") }
        }
        var headers: [(name: String, value: String)] = []
        if case .mapping(let fields)? = mapping["headers"] {
            for (name, value) in fields { headers.append((name.string ?? "", value.scalar?.string ?? "")) }
        }
        var body = Data()
        if let bodyNode = mapping["body"] {
            if let text = bodyNode.scalar?.string {
                body = Data(text.utf8)
            } else if let data = try? JSONSerialization.data(withJSONObject: Self.json(bodyNode), options: [.sortedKeys]) {
                body = data
                if !headers.contains(where: { $0.name.lowercased() == "content-type" }) { headers.append(("Content-Type", "application/json")) }
            }
        }
        let statusText = mapping["status"]?.scalar?.string ?? "200"
        guard let status = Int(statusText), (100...599).contains(status) else {
            return failed(mapping["status"] ?? node, "'status' must be an HTTP status code between 100 and 599")
        }
        return HTTPStub(
            method: mapping["method"]?.scalar?.string ?? "GET", url: url, urlPattern: pattern, status: status, headers: headers, body: body)
    }

    /// A YAML subtree as Foundation JSON values; scalars that read as numbers or booleans
    /// become them, as a person writing a stubbed body means.
    private static func json(_ node: Node) -> Any {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if scalar.style == .plain {
                if text == "true" { return true }
                if text == "false" { return false }
                if text == "null" || text == "~" { return NSNull() }
                if let integer = Int(text) { return integer }
                if let double = Double(text), double.isFinite { return double }
            }
            return text
        case .sequence(let sequence): return sequence.map(json)
        case .mapping(let mapping):
            var object: [String: Any] = [:]
            for (key, value) in mapping { object[key.string ?? ""] = json(value) }
            return object
        case .alias: return NSNull()
        }
    }

    private func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    private mutating func fail(_ node: Node, _ message: String) {
        errors.append(ScenarioError(location: location(node), message: message))
    }

    private mutating func failed<Value>(_ node: Node, _ message: String) -> Value? {
        fail(node, message)
        return nil
    }
}
