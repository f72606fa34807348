import Flows
import Foundation
import Runtime
import Store
import Testing

@Suite("FlowRunner timers", .timeLimit(.minutes(1)))
struct TimerTests {
    @Test("a delay's timer survives a restart and fires on the manual clock")
    func timerAfterRestart() async throws {
        let world = try await RunnerWorld(["flows/slow.yaml": FlowDocuments.slow])
        try await world.say("slow")
        let expected = RunnerWorld.epoch.addingTimeInterval(600)
        #expect(try await world.runner.nextTimerDate() == expected)

        try await world.restart()
        #expect(try await world.runner.nextTimerDate() == expected)
        #expect(try await world.runner.fireDueTimers(now: world.now) == 0)

        #expect(try await world.advance(by: .minutes(10)) == 1)
        #expect(try world.texts() == ["one", "two"])
        #expect(try world.state()?.status == .waitingForReply)
        #expect(try await world.runner.nextTimerDate() == nil)
    }

    @Test("a wait that times out takes its timeout edge")
    func waitTimeout() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey")

        try await world.advance(by: .minutes(59))
        #expect(try world.texts().count == 1)
        try await world.advance(by: .minutes(1))

        #expect(try world.texts() == ["Hi Ann W.! How many stars?", "Too late"])
        #expect(try world.executions().map(\.endedReason) == ["completed"])
        #expect(try await world.say("5") == .noMatch, "the conversation is over")
    }

    @Test("a wait without a timeout edge ends as timed out")
    func waitTimesOutWithoutEdge() async throws {
        let world = try await RunnerWorld([
            "flows/ask.yaml": """
            kind: Flow
            name: ask
            triggers: [{ keywords: [ask] }]
            start: q
            nodes:
              q: { send: "?", next: a }
              a: { wait: { timeout: 5m }, next: end }
            """
        ])
        try await world.say("ask")
        try await world.advance(by: .minutes(5))
        #expect(try world.executions().map(\.endedReason) == ["timed-out"])
        #expect(try world.events("flow.ended").last?.hasSuffix("ended: timed-out") == true)
    }

    @Test("a superseded timer is stale: it fires into nothing and is deleted")
    func staleTimer() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey")
        let execution = try #require(try world.executions().first)
        // A timer row the execution does not wait for (an earlier ticket).
        try await world.database().write { db in
            try db.execute(
                sql: "INSERT INTO timers (execution_id, fire_at, kind, payload) VALUES (?, ?, 'delay', json_object('ticket', 0))",
                arguments: [execution.id, RunnerWorld.epoch])
        }
        let before = try #require(try world.state())

        #expect(try await world.runner.fireDueTimers(now: world.now) == 1)

        #expect(try world.state() == before, "the execution is untouched")
        #expect(try world.executions().first?.sequence == execution.sequence)
        #expect(try world.count("timers") == 1, "only the wait's own timer is left")
    }

    @Test("due timers fire in fire-time order")
    func fireOrder() async throws {
        let world = try await RunnerWorld([
            "flows/short.yaml": """
            kind: Flow
            name: short
            triggers: [{ keywords: [short] }]
            start: pause
            nodes:
              pause: { delay: 1m, next: say }
              say: { send: "short", next: end }
            """,
            "flows/long.yaml": """
            kind: Flow
            name: long
            triggers: [{ keywords: [long] }]
            start: pause
            nodes:
              pause: { delay: 2m, next: say }
              say: { send: "long", next: end }
            """,
        ])
        try await world.say("long", from: RunnerWorld.ann)
        try await world.say("short", from: RunnerWorld.bob)

        #expect(try await world.advance(by: .minutes(5)) == 2)

        #expect(try world.outbox().map { $0.payload.text } == ["short", "long"])
    }
}
