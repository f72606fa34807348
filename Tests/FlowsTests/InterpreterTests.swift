import Foundation
import Manifest
import Templates
import Testing

@testable import Flows

@Suite("Interpreter")
struct InterpreterTests {
    static func supportBot() throws -> Program {
        let programs = try FlowFixture.programs([
            "senders.yaml": try FlowFixture.repositoryFile("senders.yaml"),
            "flows/support-bot.yaml": try FlowFixture.repositoryFile("flows/support-bot.yaml"),
        ])
        return try #require(programs.first { $0.name == "support-bot" })
    }

    static let welcome =
        "send \"Hi! I'm the support assistant. What can I do for you?\" "
        + "buttons order:Where is my order?, hours:Opening hours, human:Talk to a person"

    @Test("the support bot looks an order up: event by event, effect by effect")
    func supportBotOrderLookup() throws {
        var conversation = Conversation(try Self.supportBot())
        conversation.expect([
            (.start("help"), [Self.welcome, "timer #1 wait-timeout +1800s"]),
            (
                .reply("Where is my order?", id: "order"),
                [
                    "cancel #1", "set choice=order", "send \"Sure! What's your order number? (digits only, e.g. 102345)\"",
                    "timer #2 wait-timeout +600s",
                ]
            ),
            (.reply("it's 12-34"), ["send \"That doesn't look like an order number. Digits only, please.\""]),
            (.reply("102345"), ["cancel #2", "set order=102345", "http #3 GET https://shop.example.com/api/orders/102345"]),
            (.reply("hello?"), ["ignored not-waiting-for-reply"]),
            (
                .http(status: 200, body: #"{"status":"shipped"}"#),
                ["set status=shipped", "send \"Order 102345 is currently: shipped.\"", "end completed"]
            ),
            (.reply("thanks"), ["ignored ended"]),
        ])
        #expect(conversation.state?.endReason == .completed)
        #expect(conversation.state?.vars == ["choice": "order", "order": "102345", "status": "shipped"])
    }

    @Test("a failing shop API leads through set, a durable delay and a handoff")
    func supportBotHandoff() throws {
        var conversation = Conversation(try Self.supportBot())
        conversation.expect([
            (.start("HELP!"), [Self.welcome, "timer #1 wait-timeout +1800s"]),
            (
                .reply("my order is late"),
                [
                    "cancel #1", "set choice=my order is late", "send \"Sure! What's your order number? (digits only, e.g. 102345)\"",
                    "timer #2 wait-timeout +600s",
                ]
            ),
            (.reply("5555"), ["cancel #2", "set order=5555", "http #3 GET https://shop.example.com/api/orders/5555"]),
            (
                .http(status: 503, body: "{}"),
                [
                    "set topic=order 5555 (the shop API did not answer)", "send \"Sorry, I can't look up order 5555 right now.\"",
                    "send \"I'm connecting you with a colleague, one moment please...\"", "timer #4 delay +2s",
                ]
            ),
            (.timer(3), ["ignored stale-timer"]),
            (.timerFires, ["handoff +86400s \"Customer needs help with order 5555 (the shop API did not answer).\"", "end handoff"]),
        ])
    }

    @Test("the result reports the states entered and the edges taken, for counters")
    func trace() throws {
        let program = try Self.supportBot()
        var conversation = Conversation(program)
        _ = conversation.play(.start("hi"))
        let welcome = try #require(program.state(named: "welcome"))
        let choose = try #require(program.state(named: "choose"))
        #expect(conversation.last?.entered == [welcome, choose])
        #expect(conversation.last?.edges == [TakenEdge(from: welcome, label: "next", to: .state(choose))])
        _ = conversation.play(.reply("Opening hours", id: "hours"))
        let route = try #require(program.state(named: "route"))
        let hours = try #require(program.state(named: "hours"))
        let done = try #require(program.state(named: "done"))
        #expect(conversation.last?.entered == [route, hours, done])
        #expect(
            conversation.last?.edges.map(\.description) == [
                "#\(choose) -next-> #\(route)", "#\(route) -cases[2].next-> #\(hours)", "#\(hours) -next-> #\(done)",
            ])
    }

    static let router = """
        kind: Flow
        name: router
        triggers: [{ keywords: [route] }]
        start: ask
        nodes:
          ask: { wait: { save: answer }, next: check }
          check:
            branch:
              value: "<<vars.answer>>"
              cases:
                - { equals: "Café", next: coffee }
                - { contains: "order", next: order }
                - { regex: "^[A-Z]{3}-\\\\d+$", next: code }
                - { range: { min: 1, max: 10 }, next: small }
                - { hasValue: false, next: blank }
              default: other
          coffee: { send: coffee, next: end }
          order: { send: order, next: end }
          code: { send: code, next: end }
          small: { send: small, next: end }
          blank: { send: blank, next: end }
          other: { send: other, next: end }
        """

    @Test(
        "branch cases are tried in order, with folding for equals and contains",
        arguments: [
            ("  CAFE ", "coffee"), ("café", "coffee"), ("My ORDER please", "order"), ("Bestellung: Órder 5", "order"), ("ABC-12", "code"),
            ("abc-12", "other"), ("7,5", "small"), ("10", "small"), ("11", "other"), ("-1", "other"), ("  ", "blank"),
        ])
    func branchCases(reply: String, node: String) throws {
        var conversation = Conversation(try FlowFixture.program(Self.router))
        _ = conversation.play(.start("route"))
        #expect(conversation.play(.reply(reply)).dropFirst() == ["send \"\(node)\"", "end completed"])
    }

    @Test("set renders every value before assigning any")
    func setIsSimultaneous() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: swap
            triggers: [{ keywords: [swap] }]
            start: swap
            nodes:
              swap: { set: { a: "<<vars.b>>", b: "<<vars.a>>" }, next: show }
              show: { send: "a=<<vars.a>> b=<<vars.b>>", next: end }
            """)
        let result = Interpreter(program: program).start(
            contact: ContactVariables(phone: "+15550100001"), variables: ["a": "1", "b": "2"], now: Date(timeIntervalSince1970: 0))
        #expect(
            result.effects.map { EffectText.describe($0, now: Date(timeIntervalSince1970: 0)) } == [
                "set a=2, b=1", "send \"a=2 b=1\"", "end completed",
            ])
    }

    @Test("inserted values are never expanded again")
    func insertedValuesStayLiteral() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: echo
            triggers: [{ keywords: [echo] }]
            start: ask
            nodes:
              ask: { wait: { save: said }, next: copy }
              copy: { set: { copy: "<<vars.said>>" }, next: show }
              show: { send: "<<contact.name>> said <<vars.copy>> (<<vars.secret | default: \\"none\\">>)", next: end }
            """)
        var conversation = Conversation(program)
        conversation.contact = ContactVariables(phone: "+15550100001", name: "<<vars.secret>>")
        conversation.expect([
            (.start("echo"), []),
            (
                .reply("<<contact.phone>>"),
                [
                    "set said=<<contact.phone>>", "set copy=<<contact.phone>>", "send \"<<vars.secret>> said <<contact.phone>> (none)\"",
                    "end completed",
                ]
            ),
        ])
    }

    @Test("contact namespace: name, phone, the old phoneNumber synonym, fields, and the profile name as fallback")
    func contactNamespace() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: whoami
            triggers: [{ keywords: [whoami] }]
            start: show
            nodes:
              show: { send: "<<contact.name>> <<contact.phone>> <<contact.phoneNumber>> <<contact.city | default: \\"?\\">> <<sender.name>> <<flow.message>>", next: end }
            """)
        var conversation = Conversation(program)
        conversation.contact = ContactVariables(phone: "+15550100009", fields: ["city": "Oslo"])
        #expect(conversation.play(.start("WhoAmI")) == ["send \"Ann W. +15550100009 +15550100009 Oslo support WhoAmI\"", "end completed"])
    }

    @Test("missing variables render empty and are reported")
    func missingVariables() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: missing
            triggers: [{ keywords: [missing] }]
            start: show
            nodes:
              show: { send: "Hi <<contact.city>><<contact.city>>!", next: end }
            """)
        var conversation = Conversation(program)
        #expect(conversation.play(.start("missing")) == ["send \"Hi !\"", "end completed"])
        #expect(conversation.last?.missingVariables == ["contact.city"])
    }

    @Test("goto ends the execution, then names the flow the runner starts")
    func goto() throws {
        let programs = try FlowFixture.programs([
            "flows/menu.yaml": """
            kind: Flow
            name: menu
            triggers: [{ keywords: [menu] }]
            start: hello
            nodes:
              hello: { send: "One moment", next: jump }
              jump: { goto: other }
            """,
            "flows/other.yaml": """
            kind: Flow
            name: other
            start: bye
            nodes:
              bye: { end: true }
            """,
        ])
        var conversation = Conversation(try #require(programs.first { $0.name == "menu" }))
        #expect(conversation.play(.start("menu")) == ["send \"One moment\"", "end goto", "goto other"])
        #expect(conversation.state?.endReason == .goto)
    }

    @Test("the step limit ends a runaway loop with a recorded reason")
    func stepLimit() throws {
        var flow = try FlowFixture.flow(
            """
            kind: Flow
            name: spin
            stepLimit: 10
            triggers: [{ keywords: [spin] }]
            start: a
            nodes:
              a: { set: { n: "a" }, next: b }
              b: { set: { n: "b" }, next: end }
            """)
        // validate refuses a loop without a wait, so close it behind its back.
        let b = try #require(flow.nodes.firstIndex { $0.name.value == "b" })
        flow.nodes[b].next = Located("a", at: flow.start.location)
        var conversation = Conversation(try FlowFixture.program(flow))
        let effects = conversation.play(.start("spin"))
        #expect(effects.count == 11)
        #expect(effects.last == "end step-limit")
        #expect(conversation.last?.entered.count == 10)
        #expect(conversation.state?.endReason == .stepLimit)
        #expect(conversation.state?.stepsInEvent == 10)
    }

    @Test("a long chain within the limit is not cut short, and the counter restarts with each event")
    func stepCounterIsPerEvent() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: chain
            stepLimit: 3
            triggers: [{ keywords: [chain] }]
            start: one
            nodes:
              one: { send: "1", next: two }
              two: { send: "2", next: hold }
              hold: { wait: {}, next: three }
              three: { send: "3", next: four }
              four: { send: "4", next: five }
              five: { send: "5", next: six }
              six: { send: "6", next: end }
            """)
        var conversation = Conversation(program)
        conversation.expect([
            (.start("chain"), ["send \"1\"", "send \"2\""]),
            (.reply("go"), ["send \"3\"", "send \"4\"", "send \"5\"", "end step-limit"]),
        ])
    }

    @Test("handoff emits the note and when automation may resume, then ends")
    func handoff() throws {
        let program = try FlowFixture.program(
            """
            kind: Flow
            name: human
            triggers: [{ keywords: [human] }]
            start: pass
            nodes:
              pass: { handoff: { for: 2h, note: "<<contact.name>> asked for a person" } }
            """)
        var conversation = Conversation(program)
        #expect(conversation.play(.start("human")) == ["handoff +7200s \"Ann asked for a person\"", "end handoff"])
        guard case .handoff(let handoff)? = conversation.last?.effects.first else {
            Issue.record("expected a handoff")
            return
        }
        #expect(handoff.duration == .seconds(7200))
    }

    @Test("ending from outside cancels the pending timer; events afterwards are ignored")
    func interruptedExecution() throws {
        let program = try Self.supportBot()
        var conversation = Conversation(program)
        _ = conversation.play(.start("help"))
        let state = try #require(conversation.state)
        let ended = Interpreter(program: program).end(state, reason: .interrupted, now: conversation.now)
        #expect(ended.effects == [.cancelTimer(id: 1), .end(.interrupted)])
        #expect(ended.state.status == .ended)
        #expect(Interpreter(program: program).end(ended.state, reason: .cancelled, now: conversation.now).ignored == .ended)
    }

    @Test("a state of another program version is left alone")
    func versionMismatch() throws {
        let program = try Self.supportBot()
        var conversation = Conversation(program)
        _ = conversation.play(.start("help"))
        var state = try #require(conversation.state)
        state.version = String(repeating: "0", count: 64)
        let result = Interpreter(program: program).step(state, on: .timerFired(id: 1), now: conversation.now)
        #expect(result.ignored == .versionMismatch)
        #expect(result.state == state)
        #expect(result.effects.isEmpty)
    }

    @Test("the execution state survives a JSON round trip mid-conversation")
    func stateIsCodable() throws {
        let program = try Self.supportBot()
        var conversation = Conversation(program)
        _ = conversation.play(.start("help"))
        _ = conversation.play(.reply("Where is my order?", id: "order"))
        let state = try #require(conversation.state)
        let decoded = try JSONDecoder().decode(ExecutionState.self, from: JSONEncoder().encode(state))
        #expect(decoded == state)
        conversation.state = decoded
        #expect(conversation.play(.reply("102345")) == ["cancel #2", "set order=102345", "http #3 GET https://shop.example.com/api/orders/102345"])
    }
}
