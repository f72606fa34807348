import Flows
import Foundation
import Runtime
import Store
import Testing

@Suite("FlowRunner queues messages while an execution is busy", .timeLimit(.minutes(1)))
struct QueueTests {
    @Test("messages during a delay wait in the inbox and reach the next wait in arrival order")
    func queuedDuringDelay() async throws {
        let world = try await RunnerWorld(["flows/slow.yaml": FlowDocuments.slow])
        try await world.say("slow")
        #expect(try world.state()?.status == .waitingForTimer)

        #expect(try await world.say("first") == .queued)
        #expect(try await world.say("second") == .queued)
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 2)
        #expect(try world.texts() == ["one"])

        try await world.advance(by: .minutes(9))
        #expect(try world.texts() == ["one"], "not due yet")
        #expect(try await world.advance(by: .minutes(1)) == 1)

        // The delay ended, the flow waits for a reply: "first" is it; "second" then finds
        // no execution and no trigger.
        #expect(try world.texts() == ["one", "two", "you said first"])
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 0)
        let outcomes = try await world.database().read { db in
            try String.fetchAll(db, sql: "SELECT outcome FROM inbound_messages ORDER BY id")
        }
        #expect(outcomes == ["started", "resumed", "no-match"])
    }

    @Test("a message queued behind an execution that ends is routed afresh, and can start a flow")
    func queuedThenRoutedAfresh() async throws {
        let world = try await RunnerWorld([
            "flows/survey.yaml": FlowDocuments.survey,
            "flows/pause.yaml": """
            kind: Flow
            name: pause
            triggers: [{ keywords: [pause] }]
            start: wait
            nodes:
              wait: { delay: 1m, next: bye }
              bye: { send: "paused", next: end }
            """,
        ])
        try await world.say("pause")
        #expect(try await world.say("survey") == .queued)

        try await world.advance(by: .minutes(1))

        #expect(try world.texts() == ["paused", "Hi Ann W.! How many stars?"])
        #expect(try world.executions().map(\.flow) == ["pause", "survey"])
        #expect(try world.state()?.flow == "survey")
    }

    @Test("another contact is not held up by a busy conversation")
    func otherContactsProceed() async throws {
        let world = try await RunnerWorld(["flows/slow.yaml": FlowDocuments.slow, "flows/survey.yaml": FlowDocuments.survey])
        try await world.say("slow")
        #expect(try await world.say("anything") == .queued)

        guard case .started("survey", _, _) = try await world.say("survey", from: RunnerWorld.bob) else {
            Issue.record("Bob's survey did not start")
            return
        }
    }
}
