import Flows
import Foundation
import Manifest
import Runtime
import Templates
import Testing

@Suite("Programs survive storage", .timeLimit(.minutes(1)))
struct ProgramStorageTests {
    static let sender = """
        kind: Sender
        name: support
        phone: "+15550100009"
        """

    /// One flow using every node kind, trigger kind and option that compiles to something.
    static let everything = """
        kind: Flow
        name: everything
        senders: [support]
        interruptible: false
        stepLimit: 50
        triggers:
          - { keywords: [start over], match: exact }
          - { keywords: [order status], match: word }
          - { keywords: [promo], match: prefix }
          - { keywords: ["^ref-[0-9]+$"], match: regex }
        start: menu
        nodes:
          menu:
            send:
              text: "Hi <<contact.name | default: \\"you\\">>, pick"
              buttons: [{ id: a, title: Apples }, { id: b, title: "Bananas <<vars.n>>" }]
            next: pick
          pick: { wait: { save: fruit, timeout: 2h, validate: { type: choice, reprompt: "A or B?", attempts: 2 } }, next: route, timeout: bye }
          route:
            branch:
              value: "<<vars.fruit>>"
              cases:
                - { equals: a, next: count }
                - { contains: "<<contact.name>>", next: count }
                - { regex: "^b", next: count }
                - { range: { min: 1, max: 9.5 }, next: count }
                - { hasValue: false, next: bye }
              default: list
          list:
            send:
              text: More
              media: { url: "https://cdn.example/<<vars.fruit>>.png", type: image, caption: "A <<vars.fruit>>" }
              list: { button: Choose, sections: [{ title: Fruit, rows: [{ id: c, title: Cherry, description: red }] }] }
            next: count
          count: { wait: { save: n, validate: { type: regex, pattern: "^[0-9]+$" } }, next: remember }
          remember: { set: { total: "<<vars.n>>", kind: "<<vars.fruit | upper>>" }, next: pause }
          pause: { delay: 90s, next: call }
          call:
            http:
              method: PUT
              url: "https://shop.example/carts/<<contact.phone>>"
              headers: { Authorization: "Bearer ${env:SHOP_TOKEN}", X-Kind: "<<vars.kind>>" }
              body: { items: [{ fruit: "<<vars.fruit>>", n: 3, raw: "<<vars.n | json>>" }], gift: false, note: null }
              timeout: 7s
              retries: 3
              save: { cart: body.id, code: status }
            next: human
            error: elsewhere
          human: { handoff: { for: 1d, note: "cart <<vars.cart>>" } }
          elsewhere: { goto: other }
          bye: { end: true }
        ---
        kind: Flow
        name: other
        start: done
        nodes:
          done: { end: true }
        """

    static func program() throws -> Program {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("programs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try sender.write(to: directory.appendingPathComponent("senders.yaml"), atomically: true, encoding: .utf8)
        try everything.write(to: directory.appendingPathComponent("flows/everything.yaml"), atomically: true, encoding: .utf8)
        let report = try Validator(directory: directory.path, currentDirectory: directory.path).validate()
        let errors = report.diagnostics.filter(\.isError).map { "\($0.location) \($0.summary)" }
        try #require(errors.isEmpty, "\(errors)")
        let flow = try #require(report.configuration.flows.first { $0.header.name == "everything" })
        let compilation = FlowCompiler().compile(flow)
        return try #require(compilation.program, "\(compilation.diagnostics.map(\.summary))")
    }

    @Test("a program decoded from its JSON is the program that was encoded")
    func roundTrip() throws {
        let program = try Self.program()
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(program)
        let decoded = try JSONDecoder().decode(Program.self, from: data)

        #expect(decoded.dump() == program.dump())
        #expect(try encoder.encode(decoded) == data, "encoding is stable")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("${env:SHOP_TOKEN}"))
    }

    @Test("a decoded program behaves like the original: triggers, validation, branches, rendering, calls")
    func decodedBehavesTheSame() throws {
        let program = try Self.program()
        let decoded = try JSONDecoder().decode(Program.self, from: try JSONEncoder().encode(program))

        for text in ["START OVER", "what is my order-status?", "promo2024", "REF-123", "nothing"] {
            let message = IncomingMessage(text: text, sender: "support", contactPhone: "+15550100001")
            #expect(TriggerIndex(programs: [decoded]).match(message) == TriggerIndex(programs: [program]).match(message), "\(text)")
        }
        #expect(TriggerIndex(programs: [decoded]).match(IncomingMessage(text: "ref-9", sender: "support", contactPhone: "+1")) != nil)

        let contact = "+15550100001"
        // Each event is built from the state, so timer and call ids follow the execution.
        let events: [(ExecutionState) -> FlowEvent] = [
            { _ in .inbound(IncomingMessage(text: "cherry", sender: "support", contactPhone: contact)) },
            { _ in .inbound(IncomingMessage(text: "Bananas", replyID: "b", sender: "support", contactPhone: contact)) },
            { _ in .inbound(IncomingMessage(text: "12", sender: "support", contactPhone: contact)) },
            { state in .timerFired(id: state.timer?.id ?? -1) },
            { state in
                .httpResult(
                    HTTPResult(
                        callID: state.pendingCall ?? -1, status: 201, headers: ["Content-Type": "application/json"], body: Data(#"{"id":"c-1"}"#.utf8)
                    ))
            },
        ]
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func play(_ program: Program) -> [[Effect]] {
            let interpreter = Interpreter(program: program)
            var result = interpreter.start(contact: ContactVariables(phone: contact, name: "Ann"), now: now)
            var effects = [result.effects]
            for event in events {
                result = interpreter.step(result.state, on: event(result.state), now: now)
                effects.append(result.effects)
            }
            return effects
        }
        let original = play(program)
        #expect(play(decoded) == original)
        #expect(original.joined().contains { if case .handoff = $0 { true } else { false } }, "the conversation reached the end of the flow")
    }

    @Test("a stored request keeps secrets as references and its timeout")
    func storedRequest() throws {
        let program = try Self.program()
        let interpreter = Interpreter(program: program)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var result = interpreter.start(contact: ContactVariables(phone: "+15550100001"), now: now)
        for text in ["a", "3"] {
            result = interpreter.step(result.state, on: .inbound(IncomingMessage(text: text, sender: "s", contactPhone: "+15550100001")), now: now)
        }
        result = interpreter.step(result.state, on: .timerFired(id: try #require(result.state.timer?.id)), now: now)
        guard case .httpCall(let call)? = result.effects.last else {
            Issue.record("expected an HTTP call, got \(result.effects)")
            return
        }

        let request = FlowHTTPRequest(call)
        let decoded = try JSONDecoder().decode(FlowHTTPRequest.self, from: try JSONEncoder().encode(request))

        #expect(decoded == request)
        #expect(decoded.timeout == .seconds(7))
        #expect(decoded.retries == 3)
        #expect(decoded.headers.first { $0.name == "Authorization" }?.parts == [.text("Bearer "), .secret(.environment("SHOP_TOKEN"))])
    }
}
