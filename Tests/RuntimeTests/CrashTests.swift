import Flows
import Foundation
import GRDB
import Runtime
import Store
import Testing

@Suite("FlowRunner crash safety", .timeLimit(.minutes(1)))
struct CrashTests {
    /// Each makes one table refuse writes, so the step's transaction fails at that point.
    static let failurePoints: [String] = [
        "BEFORE UPDATE ON flow_executions",
        "BEFORE INSERT ON outbox",
        "BEFORE DELETE ON timers",
        "BEFORE INSERT ON flow_step_counters",
        "BEFORE UPDATE ON inbound_messages",
        "BEFORE INSERT ON events",
    ]

    @Test("a step that fails mid-commit leaves nothing behind, and recovery delivers it exactly once", arguments: failurePoints)
    func failureMidCommit(point: String) async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey")
        let before = try snapshot(world)
        try await world.database().write { db in
            try db.execute(sql: "CREATE TRIGGER injected_failure \(point) BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
        }

        let error = await #expect(throws: RuntimeError.self) { try await world.say("5") }

        #expect(error?.code == .store)
        #expect(try snapshot(world) == before, "nothing of the failed step was written")
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 1, "the reply waits in the inbox")

        try await world.database().write { db in try db.execute(sql: "DROP TRIGGER injected_failure") }
        let recovery = try await world.restart()
        #expect(recovery?.processedMessages == 1)
        try await world.runner.recover()  // a second recovery finds nothing to do

        #expect(try world.texts() == ["Hi Ann W.! How many stars?", "Thanks for 5 stars"])
        #expect(try world.executions().map(\.endedReason) == ["completed"])
        #expect(try world.events("flow.ended").count == 1)
        let thanks = try await world.runner.counters(flow: "survey").first { $0.key == "node:thanks" }
        #expect(thanks?.count == 1)
    }

    @Test("a crash right after a commit never repeats the step")
    func crashAfterCommit() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        // The first commit (starting the survey) lands, then the runner "dies".
        let failing = CommitFailingStore(world.store, failingAfterCommits: [1])
        let crashing = FlowRunner(store: failing, httpClient: world.http, clock: world.clock, now: { RunnerWorld.epoch })
        try await crashing.deploy(world.configuration())

        await #expect(throws: RuntimeError.self) { try await crashing.handle(world.message("survey")) }
        #expect(try world.texts().count == 1, "the step was committed")

        let recovery = try await world.restart()

        #expect(recovery?.processedMessages == 0, "the message was processed by the committed step")
        #expect(try world.texts().count == 1, "and is not processed again")
        try await world.say("4")
        #expect(try world.texts() == ["Hi Ann W.! How many stars?", "Thanks for 4 stars"])
    }

    /// What a failed step could have touched.
    private func snapshot(_ world: RunnerWorld) throws -> [String] {
        try world.database().read { db in
            try [
                "SELECT id, status, state, step_sequence, ended_reason FROM flow_executions ORDER BY id",
                "SELECT dedupe_key, payload FROM outbox ORDER BY id",
                "SELECT id, execution_id, fire_at, payload FROM timers ORDER BY id",
                "SELECT flow, version, increments, count FROM flow_step_counters ORDER BY increments",
                "SELECT id, processed_at, outcome FROM inbound_messages WHERE processed_at IS NOT NULL ORDER BY id",
                "SELECT kind, message FROM events ORDER BY id",
                "SELECT * FROM contacts",
            ].flatMap { sql in
                try Row.fetchAll(db, sql: sql).map { "\(sql): \($0)" }
            }
        }
    }
}
