import Flows
import Foundation
import Runtime
import Store
import Testing

@Suite("FlowRunner conversations", .timeLimit(.minutes(1)))
struct ConversationTests {
    @Test("a keyword starts the flow, the send is enqueued, the reply resumes it and it ends")
    func keywordStartSendWaitReplyEnd() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])

        let started = try await world.say("Survey please")
        guard case .started("survey", let id, .keyword("survey", interrupted: nil)) = started else {
            Issue.record("unexpected \(started)")
            return
        }
        #expect(try world.texts() == ["Hi Ann W.! How many stars?"])
        #expect(try world.state()?.status == .waitingForReply)
        #expect(try world.count("timers") == 1)

        #expect(try await world.say("5") == .resumed(flow: "survey", executionID: id))

        #expect(try world.texts() == ["Hi Ann W.! How many stars?", "Thanks for 5 stars"])
        #expect(try world.state() == nil)
        let executions = try world.executions()
        #expect(executions.map(\.status) == ["ended"])
        #expect(executions.map(\.endedReason) == ["completed"])
        #expect(try world.count("timers") == 0, "the wait's timeout timer goes when the reply comes")
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 0)
        #expect(try world.events("flow.ended").count == 1)
    }

    @Test("outbox rows are keyed by execution, step and position, carry the sender and the flow, and hold the rendered message")
    func outboxRows() async throws {
        let world = try await RunnerWorld([
            "flows/menu.yaml": """
            kind: Flow
            name: menu
            triggers: [{ keywords: [menu] }]
            start: greet
            nodes:
              greet: { send: "Hello <<contact.phone>>", next: offer }
              offer:
                send:
                  text: "Pick one"
                  buttons: [{ id: tea, title: Tea }, { id: coffee, title: Coffee }]
                next: pick
              pick: { wait: { save: drink, validate: { type: choice } }, next: done }
              done: { send: "One <<vars.drink>> coming", next: end }
            """
        ])

        try await world.say("menu")
        try await world.runner.handle(world.message("Coffee", replyID: "coffee"))

        let rows = try world.outbox()
        #expect(rows.map(\.dedupeKey) == ["flow:1:1:0", "flow:1:1:1", "flow:1:2:0"])
        #expect(rows.allSatisfy { $0.sender == "support" && $0.recipient == RunnerWorld.ann && $0.flow == "menu" })
        #expect(rows[0].payload == OutboxPayload(OutgoingMessage(text: "Hello +15550100001")))
        #expect(rows[1].payload.text == "Pick one")
        #expect(rows[1].payload.buttons?.map(\.id) == ["tea", "coffee"])
        #expect(rows[2].payload.text == "One coffee coming")
    }

    @Test("a message delivered twice by the webhook is stored and processed once")
    func duplicateInboundIgnored() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])

        let first = try await world.say("survey", id: "wamid.same")
        let second = try await world.say("survey", id: "wamid.same")

        #expect(first != .duplicate)
        #expect(second == .duplicate)
        #expect(try world.count("inbound_messages") == 1)
        #expect(try world.executions().count == 1)
        #expect(try world.texts().count == 1)
    }

    @Test("a message nothing takes is reported as such and processed; a catch-all flow takes it when there is one")
    func noMatchAndCatchAll() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        #expect(try await world.say("hello?") == .noMatch)
        #expect(try world.count("inbound_messages", where: "processed_at IS NOT NULL AND outcome = 'no-match'") == 1)
        #expect(try world.texts().isEmpty)

        try world.write(["flows/fallback.yaml": FlowDocuments.fallback])
        try await world.reload()
        let caught = try await world.say("hello?")
        guard case .started("fallback", _, .catchAll) = caught else {
            Issue.record("unexpected \(caught)")
            return
        }
        #expect(try world.texts() == ["Write survey or slow"])
        // A keyword still wins over the catch-all.
        guard case .started("survey", _, _) = try await world.say("survey") else {
            Issue.record("the keyword should start survey")
            return
        }
    }

    @Test("a trigger keyword interrupts an interruptible waiting execution, which ends as interrupted")
    func interruptible() async throws {
        let world = try await RunnerWorld([
            "flows/survey.yaml": FlowDocuments.survey,
            "flows/help.yaml": """
            kind: Flow
            name: help
            triggers: [{ keywords: [help] }]
            start: say
            nodes:
              say: { send: "Helping", next: end }
            """,
        ])
        guard case .started(_, let survey, _) = try await world.say("survey") else {
            Issue.record("survey did not start")
            return
        }

        let help = try await world.say("help")

        guard case .started("help", _, .keyword("help", interrupted: survey)) = help else {
            Issue.record("unexpected \(help)")
            return
        }
        #expect(try world.executions().map(\.endedReason) == ["interrupted", "completed"])
        #expect(try world.texts().last == "Helping")
        #expect(try world.count("timers") == 0, "the interrupted wait's timer goes with it")
    }

    @Test("a keyword in a reply to a non-interruptible execution is just the reply")
    func nonInterruptible() async throws {
        let world = try await RunnerWorld([
            "flows/survey.yaml": FlowDocuments.survey.replacingOccurrences(of: "name: survey\n", with: "name: survey\ninterruptible: false\n"),
            "flows/help.yaml": """
            kind: Flow
            name: help
            triggers: [{ keywords: [help] }]
            start: say
            nodes:
              say: { send: "Helping", next: end }
            """,
        ])
        guard case .started(_, let survey, _) = try await world.say("survey") else {
            Issue.record("survey did not start")
            return
        }

        #expect(try await world.say("help") == .resumed(flow: "survey", executionID: survey))
        #expect(try world.texts().last == "Thanks for help stars")
    }

    @Test("a contact is created on first contact, named after the profile, and keeps that name")
    func contactCreated() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])

        try await world.runner.handle(world.message("hi", from: RunnerWorld.bob, profileName: "Bob B."))
        try await world.runner.handle(world.message("survey", from: RunnerWorld.bob, profileName: "Robert"))

        let contact = try #require(try world.store.contact(phone: RunnerWorld.bob))
        #expect(contact.name == "Bob B.")
        #expect(contact.firstSeenAt == RunnerWorld.epoch)
        #expect(try world.texts(to: RunnerWorld.bob) == ["Hi Bob B.! How many stars?"])
        #expect(try world.state(of: RunnerWorld.bob)?.contact.phone == RunnerWorld.bob)
    }

    @Test("one active execution per contact per sender: the same contact on another sender gets its own")
    func onePerConversation() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])

        try await world.say("survey", to: "support")
        try await world.say("survey", to: "sales")

        let executions = try world.executions()
        #expect(executions.count == 2)
        #expect(executions.allSatisfy { $0.status == "active" })
        #expect(try world.outbox().map(\.sender) == ["support", "sales"])
    }
}
