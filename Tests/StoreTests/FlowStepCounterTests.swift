import Foundation
import GRDB
import Testing

@testable import Store

@Suite("Flow counters written one row per kind of step")
struct FlowStepCounterTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func start(_ contact: String, counters: [String: Int]) -> FlowCommit {
        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(
                target: .new(flow: "welcome", version: "v1", conversation: Conversation(sender: "support", contact: contact)),
                state: Data(#"{"step":1}"#.utf8), endedReason: "completed", counters: counters)
        ]
        return commit
    }

    @Test("steps with the same increments share one row; reading sums every counter")
    func stepsShareRows() throws {
        let store = try SQLiteStore(path: directory.path("state.db"), now: { .testNow })
        try store.saveFlowVersions([FlowVersionRecord(flow: "welcome", version: "v1", program: Data(#"{"format":1}"#.utf8))])

        try store.commit(start("+15550000001", counters: ["node:greet": 1, "edge:greet-next->end": 1]))
        try store.commit(start("+15550000002", counters: ["edge:greet-next->end": 1, "node:greet": 1]))
        try store.commit(start("+15550000003", counters: ["node:greet": 2, "node:zero": 0]))
        try store.commit(start("+15550000004", counters: [:]))

        let rows = try rawConnection(to: store.path).read { db in
            try Row.fetchAll(db, sql: "SELECT increments, count FROM flow_step_counters ORDER BY increments").map {
                "\($0[0] as String) \($0[1] as Int)"
            }
        }
        #expect(rows == [#"{"edge:greet-next->end":1,"node:greet":1} 2"#, #"{"node:greet":2} 1"#])
        let counters = try store.flowCounters(flow: "welcome").map { "\($0.version) \($0.key)=\($0.count)" }
        #expect(counters == ["v1 edge:greet-next->end=2", "v1 node:greet=4"])
    }

    @Test("increments are JSON whatever the node names hold")
    func incrementsAreJSON() throws {
        let counters = ["node:say \"hi\"\\\n\t\u{1}": 3, "node:ünïcode": 1, "node:skipped": 0]

        let text = try #require(SQLiteStore.stepIncrements(counters))

        let decoded = try JSONDecoder().decode([String: Int].self, from: Data(text.utf8))
        #expect(decoded == ["node:say \"hi\"\\\n\t\u{1}": 3, "node:ünïcode": 1])
        #expect(SQLiteStore.stepIncrements(["node:a": 0]) == nil)
    }

    @Test("a database at v6 migrates to v7; counters written before add to those written after; the by-flow index is gone")
    func migratesV6Forward() throws {
        let old = directory.path("v6.db")
        try DatabaseQueue(path: old).write { db in
            try db.execute(sql: EarlierSchema.v1)
            try db.execute(sql: "INSERT INTO state_meta (id, serial, created_at) VALUES (1, 0, '2025-01-01 00:00:00.000')")
        }
        try EarlierSchema.migrate(path: old, upTo: "v6-pacing-burst-windows")
        try DatabaseQueue(path: old).write { db in
            try db.execute(
                sql: """
                    INSERT INTO flow_versions (flow, version, program, created_at) VALUES ('welcome', 'v1', '{}', '2025-01-01 00:00:00.000');
                    INSERT INTO flow_counters (flow, version, key, count) VALUES ('welcome', 'v1', 'node:greet', 5);
                    INSERT INTO flow_counters (flow, version, key, count) VALUES ('welcome', 'v0', 'node:greet', 1);
                    """)
        }

        let migrated = try SQLiteStore(path: old, now: { .testNow })
        try migrated.commit(start("+15550000001", counters: ["node:greet": 1, "node:ask": 1]))

        let counters = try migrated.flowCounters(flow: "welcome").map { "\($0.version) \($0.key)=\($0.count)" }
        #expect(counters == ["v0 node:greet=1", "v1 node:ask=1", "v1 node:greet=6"])
        let indexes = try rawConnection(to: old).read { db in try db.indexes(on: "flow_executions").map(\.name) }
        #expect(!indexes.contains("flow_executions_active_by_flow"))
        #expect(indexes.contains("flow_executions_one_active"))
    }

    @Test("an unreadable row of increments is reported, not skipped")
    func unreadableIncrements() throws {
        let store = try SQLiteStore(path: directory.path("state.db"), now: { .testNow })
        try rawConnection(to: store.path).write { db in
            try db.execute(sql: "INSERT INTO flow_step_counters (flow, version, increments, count) VALUES ('welcome', 'v1', 'node:a', 1)")
        }

        expectStoreError(.database) { _ = try store.flowCounters(flow: "welcome") }
    }
}
