import Foundation

/// The flows and the message stream every mode of the benchmark shares.
///
/// **Flows.** `flows` flows of `keywordsPerFlow` keywords each (10,000 in all by default),
/// split 4:3:3 between `exact`, `word` and `prefix` matching. Every keyword is one word
/// (`ex00012k03`, `wd00012k05`, `px00012k08`) of a fixed length, so no keyword is another's
/// prefix. A plain flow runs `greet (send) -> answer (wait) -> route (branch) -> agreed|declined
/// (send) -> end`; every `httpEvery`-th flow waits for an order number and looks it up
/// with an `http` node on `url` before branching on the answer.
///
/// **Messages.** Contact `c` (of `contacts`) alternates: a keyword that starts a flow, then
/// a reply that resumes the wait (and, on an HTTP flow, makes the call) and ends it. Odd
/// contacts get one untimed warm-up start (``warmUp``), so in every round of `contacts`
/// messages half start a flow and half resume one. Which flow and which keyword a contact
/// uses changes with every conversation.
struct Workload: Sendable {
    var flows = 1_000
    var keywordsPerFlow = 10
    var contacts = 50_000
    var httpEvery = 10
    /// The base URL of the local server the `http` nodes call.
    var url = "http://127.0.0.1:18090"
    /// The sender every message arrives on.
    let sender = "support"
    /// Makes provider message ids unique across the modes of one process.
    var runTag = "run"

    /// One inbound message of the stream.
    struct Message: Sendable {
        var contact: Int
        var phone: String
        var providerMessageID: String
        var text: String
        /// Whether it starts a flow (else it resumes the contact's wait).
        var isStart: Bool
        /// Whether the flow it starts or resumes has an `http` node.
        var isHTTPFlow: Bool
    }

    // MARK: Flows

    enum KeywordKind: String {
        case exact, word, prefix

        var tag: String {
            switch self {
            case .exact: "ex"
            case .word: "wd"
            case .prefix: "px"
            }
        }
    }

    /// Keywords 0-3 of every ten match exactly, 4-6 as a word, 7-9 as a prefix.
    func kind(ofKeyword index: Int) -> KeywordKind {
        switch index % 10 {
        case 0...3: .exact
        case 4...6: .word
        default: .prefix
        }
    }

    func keyword(flow: Int, index: Int) -> String {
        "\(kind(ofKeyword: index).tag)\(Self.pad(flow, 5))k\(Self.pad(index, 2))"
    }

    func isHTTPFlow(_ flow: Int) -> Bool { httpEvery > 0 && flow % httpEvery == 0 }

    func flowName(_ flow: Int) -> String { "flow-\(Self.pad(flow, 5))" }

    /// The flow's YAML document.
    func document(flow: Int) -> String {
        var triggers: [String] = []
        for kind in [KeywordKind.exact, .word, .prefix] {
            let keywords = (0..<keywordsPerFlow).filter { self.kind(ofKeyword: $0) == kind }.map { keyword(flow: flow, index: $0) }
            guard !keywords.isEmpty else { continue }
            triggers.append("  - keywords: [\(keywords.joined(separator: ", "))]\n    match: \(kind.rawValue)")
        }
        let nodes: String
        if isHTTPFlow(flow) {
            nodes = """
                  greet: { send: "Hi <<contact.name | default: \\"there\\">>, which order?", next: answer }
                  answer: { wait: { save: order, timeout: 1h }, next: lookup }
                  lookup:
                    http: { method: GET, url: "\(url)/orders/<<vars.order | urlencode>>", timeout: 5s, save: { status: body.status, eta: body.eta } }
                    next: route
                    error: sorry
                  route: { branch: { value: "<<vars.status>>", cases: [{ equals: "shipped", next: shipped }], default: sorry } }
                  shipped: { send: "Order <<vars.order>> ships <<vars.eta>>.", next: end }
                  sorry: { send: "No news about order <<vars.order>> yet.", next: end }
                """
        } else {
            nodes = """
                  greet: { send: "Hi <<contact.name | default: \\"there\\">>! Reply 1 for yes, 2 for no.", next: answer }
                  answer: { wait: { save: pick, timeout: 1h }, next: route }
                  route: { branch: { value: "<<vars.pick>>", cases: [{ equals: "1", next: agreed }], default: declined } }
                  agreed: { send: "Great, <<contact.name | default: \\"friend\\">>.", next: end }
                  declined: { send: "You picked <<vars.pick>>; noted.", next: end }
                """
        }
        return """
            kind: Flow
            name: \(flowName(flow))
            triggers:
            \(triggers.joined(separator: "\n"))
            start: greet
            nodes:
            \(nodes)

            """
    }

    /// Writes the flows, a hundred to a file, into `directory/flows/`.
    func writeConfiguration(to directory: URL) throws {
        let flowsDirectory = directory.appendingPathComponent("flows", isDirectory: true)
        try FileManager.default.createDirectory(at: flowsDirectory, withIntermediateDirectories: true)
        for first in stride(from: 0, to: flows, by: 100) {
            let documents = (first..<min(first + 100, flows)).map(document(flow:))
            let file = flowsDirectory.appendingPathComponent("flows-\(Self.pad(first / 100, 3)).yaml")
            try documents.joined(separator: "---\n").write(to: file, atomically: true, encoding: .utf8)
        }
    }

    // MARK: Messages

    /// The untimed starts of the odd contacts, so the timed stream is half starts, half resumes.
    var warmUp: [Message] {
        stride(from: 1, to: contacts, by: 2).map { message(contact: $0, turn: 0) }
    }

    /// Message `number` (from 0) of the timed stream.
    func message(number: Int) -> Message {
        let contact = number % contacts
        let round = number / contacts
        return message(contact: contact, turn: round + contact % 2)
    }

    /// The `turn`-th message of `contact`: even turns start conversation `turn / 2`, odd ones answer it.
    func message(contact: Int, turn: Int) -> Message {
        let conversation = turn / 2
        // A multiplicative hash spreads contacts and conversations over the flows and keywords.
        let mixed = (UInt64(contact) &* 2_654_435_761 &+ UInt64(conversation) &* 40_503) >> 7
        let flow = Int(mixed % UInt64(flows))
        let index = (contact &+ conversation &* 3) % keywordsPerFlow
        let isStart = turn % 2 == 0
        let text: String
        if isStart {
            let keyword = keyword(flow: flow, index: index)
            switch kind(ofKeyword: index) {
            case .exact: text = keyword.uppercased() + "!"
            case .word: text = "hello \(keyword) please"
            case .prefix: text = "\(keyword) now"
            }
        } else if isHTTPFlow(flow) {
            text = String(4_700 + contact % 100)
        } else {
            text = (contact + conversation) % 2 == 0 ? "1" : "2"
        }
        return Message(
            contact: contact, phone: "+1555" + Self.pad(contact, 7), providerMessageID: "wamid.\(runTag).\(contact).\(turn)", text: text,
            isStart: isStart, isHTTPFlow: isHTTPFlow(flow))
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
