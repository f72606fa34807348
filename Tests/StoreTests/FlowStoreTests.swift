import Foundation
import GRDB
import Store
import Testing

@Suite("SQLiteStore as the flow runner's store")
struct FlowStoreTests {
    static let conversation = Conversation(sender: "support", contact: "+15550000001")

    /// Each test's own directory, for database files a second connection can read.
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A store on a file with version `v1` of flow `welcome` saved.
    func makeFlowStore() throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.path("flows-\(UUID().uuidString).db"), now: { .testNow })
        try store.saveFlowVersions([FlowVersionRecord(flow: "welcome", version: "v1", program: Data(#"{"format":1}"#.utf8))])
        return store
    }

    func state(_ text: String) -> Data { Data(#"{"step":"\#(text)"}"#.utf8) }

    func inbound(_ id: String, _ text: String = "hi", at date: Date = .testNow, name: String? = "Ann") -> NewInboundMessage {
        NewInboundMessage(
            providerMessageID: id, conversation: Self.conversation, profileName: name, body: Data(#"{"text":"\#(text)"}"#.utf8), receivedAt: date)
    }

    /// Starts an execution of `welcome` with one message and a timer.
    @discardableResult
    func start(_ store: SQLiteStore, messages: Int = 1) throws -> ExecutionWriteResult {
        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(
                target: .new(flow: "welcome", version: "v1", conversation: Self.conversation), state: state("start"),
                messages: (0..<messages).map { Data(#"{"text":"hello \#($0)"}"#.utf8) },
                startedTimers: [TimerWrite(ticket: 1, fireAt: .testNow.addingTimeInterval(60), kind: "wait-timeout")],
                counters: ["node:greet": 1])
        ]
        return try #require(try store.commit(commit).first)
    }

    @Test("a database left by the v2 schema migrates to the flow runner's schema, keeping its executions")
    func migratesV2Forward() throws {
        let path = directory.path("state.db")
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: EarlierSchema.v2)
            try db.execute(
                sql: """
                    INSERT INTO state_meta (id, serial, created_at) VALUES (1, 0, '2025-01-01 00:00:00.000');
                    INSERT INTO flow_versions VALUES ('welcome', 'v1', '{}', '2025-01-01 00:00:00.000');
                    INSERT INTO flow_executions (flow, version, sender, contact, status, state, started_at, updated_at)
                    VALUES ('welcome', 'v1', 'support', '+15550000001', 'active', '{"old":true}', '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000');
                    INSERT INTO inbound_messages (provider_message_id, sender, contact, body, received_at)
                    VALUES ('wamid.old', 'support', '+15550000001', '{}', '2025-01-01 00:00:00.000');
                    """)
        }

        let store = try SQLiteStore(path: path, now: { .testNow })

        let execution = try #require(try store.activeExecution(in: Self.conversation))
        #expect(execution.sequence == 0)
        #expect(execution.state == Data(#"{"old":true}"#.utf8))
        #expect(try store.unprocessedInbound(in: Self.conversation).map(\.providerMessageID) == ["wamid.old"])
        #expect(try store.flowsWithActiveExecutions() == ["welcome"])
        // The old execution can be stepped from sequence 0.
        var commit = FlowCommit(at: .testNow)
        commit.executions = [ExecutionWrite(target: .existing(id: execution.id, sequence: 0), state: state("next"))]
        #expect(try store.commit(commit) == [ExecutionWriteResult(id: execution.id, sequence: 1)])
    }

    @Test("a step's commit writes the execution, keyed outbox rows, timers and counters")
    func commitWritesEverything() throws {
        let store = try makeFlowStore()
        let started = try start(store, messages: 2)
        #expect(started.sequence == 1)

        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(
                target: .existing(id: started.id, sequence: 1), state: state("second"), messages: [Data(#"{"text":"again"}"#.utf8)],
                cancelledTimers: [1], counters: ["node:greet": 2, "edge:greet-next->end": 1])
        ]
        try store.commit(commit)

        let keys = try rawRead(store) { db in try String.fetchAll(db, sql: "SELECT dedupe_key FROM outbox ORDER BY id") }
        #expect(keys == ["flow:\(started.id):1:0", "flow:\(started.id):1:1", "flow:\(started.id):2:0"])
        let senders = try rawRead(store) { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT sender || ' ' || recipient || ' ' || origin_name FROM outbox")
        }
        #expect(senders == ["support +15550000001 welcome"])
        #expect(try store.dueTimers(until: .distantFuture, limit: 10).isEmpty)
        #expect(try store.execution(id: started.id)?.state == state("second"))
        #expect(try store.execution(id: started.id)?.sequence == 2)
        let counters = try store.flowCounters(flow: "welcome").map { "\($0.key)=\($0.count)" }
        #expect(counters == ["edge:greet-next->end=1", "node:greet=3"])
    }

    @Test("a step computed from an old sequence is refused whole: a replay enqueues nothing")
    func staleSequenceConflicts() throws {
        let store = try makeFlowStore()
        let started = try start(store)
        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(target: .existing(id: started.id, sequence: 1), state: state("second"), messages: [Data("{}".utf8)])
        ]
        try store.commit(commit)

        let error = expectStoreError(.conflict) { try store.commit(commit) }

        #expect(error?.message.contains("moved on") == true)
        #expect(try outboxCount(store) == 2)
        #expect(try store.execution(id: started.id)?.sequence == 2)
    }

    @Test("an inbound message is processed once; a second commit processing it is refused whole")
    func inboundProcessedOnce() throws {
        let store = try makeFlowStore()
        let message = try #require(try store.recordInbound(inbound("wamid.1")))
        var commit = FlowCommit(at: .testNow)
        commit.processedInbound = [ProcessedInbound(id: message.id, outcome: "no-match")]
        commit.events = [EventRecord(at: .testNow, kind: "flow.test", message: "once")]
        try store.commit(commit)

        expectStoreError(.conflict) { try store.commit(commit) }

        #expect(try store.unprocessedInbound(in: Self.conversation).isEmpty)
        #expect(try rawRead(store) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events WHERE kind = 'flow.test'") } == 1)
    }

    @Test("a second active execution in one conversation is refused as a conflict")
    func oneActivePerConversation() throws {
        let store = try makeFlowStore()
        try start(store)
        let error = expectStoreError(.conflict) { try start(store) }
        #expect(error?.message.contains("already has an active flow execution") == true)
        #expect(try outboxCount(store) == 1)
    }

    @Test("storing an inbound message twice is a no-op; the contact is created once and keeps its name")
    func inboundAndContacts() throws {
        let store = try makeFlowStore()
        let first = try store.recordInbound(inbound("wamid.1", "one"))
        let duplicate = try store.recordInbound(inbound("wamid.1", "one again"))
        let later = Date.testNow.addingTimeInterval(60)
        let second = try store.recordInbound(inbound("wamid.2", "two", at: later, name: "Someone Else"))

        #expect(first != nil)
        #expect(duplicate == nil)
        #expect(try store.unprocessedInbound(in: Self.conversation).map(\.providerMessageID) == ["wamid.1", "wamid.2"])
        #expect(second.map { $0.id > (first?.id ?? .max) } == true)
        let contact = try #require(try store.contact(phone: Self.conversation.contact))
        #expect(contact.name == "Ann")
        #expect(contact.firstSeenAt == .testNow)
        #expect(contact.lastSeenAt == later)
        #expect(try store.conversationsWithUnprocessedInbound() == [Self.conversation])
    }

    @Test("due timers come in fire order; ending an execution drops its timers and its HTTP call")
    func timersAndEnding() throws {
        let store = try makeFlowStore()
        let started = try start(store)
        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(
                target: .existing(id: started.id, sequence: 1), state: state("waiting"),
                startedTimers: [TimerWrite(ticket: 2, fireAt: .testNow.addingTimeInterval(30), kind: "delay")],
                httpCall: HTTPCallWrite(callID: 3, request: Data(#"{"url":"https://example.com"}"#.utf8)))
        ]
        try store.commit(commit)

        #expect(try store.dueTimers(until: .distantFuture, limit: 10).map(\.ticket) == [2, 1])
        #expect(try store.dueTimers(until: .testNow.addingTimeInterval(30), limit: 10).map(\.kind) == ["delay"])
        #expect(try store.nextTimerDate() == .testNow.addingTimeInterval(30))
        #expect(try store.pendingHTTPCalls().map(\.callID) == [3])

        var end = FlowCommit(at: .testNow)
        end.executions = [ExecutionWrite(target: .existing(id: started.id, sequence: 2), state: state("ended"), endedReason: "flow-removed")]
        try store.commit(end)

        #expect(try store.dueTimers(until: .distantFuture, limit: 10).isEmpty)
        #expect(try store.nextTimerDate() == nil)
        #expect(try store.pendingHTTPCalls().isEmpty)
        #expect(try store.activeExecution(in: Self.conversation) == nil)
        #expect(try store.execution(id: started.id)?.endedReason == "flow-removed")
        #expect(try store.execution(id: started.id)?.status == .ended)
    }

    @Test("a handoff is recorded on the contact")
    func handoff() throws {
        let store = try makeFlowStore()
        var commit = FlowCommit(at: .testNow)
        let until = Date.testNow.addingTimeInterval(3600)
        commit.handoffs = [ContactHandoff(phone: "+15550000009", until: until, note: "call back")]
        try store.commit(commit)

        let contact = try #require(try store.contact(phone: "+15550000009"))
        #expect(contact.handoffUntil == until)
        #expect(contact.handoffNote == "call back")
        #expect(contact.isHandedOff(at: .testNow))
        #expect(!contact.isHandedOff(at: until))
    }

    @Test("a commit that fails part-way writes nothing")
    func atomicCommit() throws {
        let store = try makeFlowStore()
        let path = store.path
        let message = try #require(try store.recordInbound(inbound("wamid.1")))
        try rawConnection(to: path).write { db in
            try db.execute(sql: "CREATE TRIGGER fail BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'injected'); END")
        }
        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(
                target: .new(flow: "welcome", version: "v1", conversation: Self.conversation), state: state("start"), messages: [Data("{}".utf8)],
                startedTimers: [TimerWrite(ticket: 1, fireAt: .testNow, kind: "delay")], counters: ["node:a": 1])
        ]
        commit.processedInbound = [ProcessedInbound(id: message.id, outcome: "started")]
        commit.events = [EventRecord(at: .testNow, kind: "flow.started", message: "x")]

        expectStoreError(.database) { try store.commit(commit) }

        for table in ["flow_executions", "outbox", "timers", "flow_step_counters", "events"] {
            #expect(try rawRead(store) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") } == 0, "\(table)")
        }
        #expect(try store.unprocessedInbound(in: Self.conversation).count == 1)
    }

    static let invalidFlowRows: [String] = [
        "INSERT INTO contacts (phone, first_seen_at, last_seen_at) VALUES ('', 'now', 'now')",
        "INSERT INTO flow_counters (flow, version, key, count) VALUES ('f', 'v', 'node:a', -1)",
        "INSERT INTO flow_counters (flow, version, key, count) VALUES ('f', 'v', '', 1)",
        "INSERT INTO flow_step_counters (flow, version, increments, count) VALUES ('f', 'v', '{\"node:a\":1}', -1)",
        "INSERT INTO flow_step_counters (flow, version, increments, count) VALUES ('f', 'v', '', 1)",
        "INSERT INTO flow_http_calls (execution_id, call_id, request, created_at) VALUES (12345, 1, '{}', 'now')",
        "UPDATE flow_executions SET step_sequence = -1",
    ]

    @Test("the flow runner's tables refuse rows that break a constraint", arguments: invalidFlowRows)
    func refusesInvalidFlowRow(sql: String) throws {
        let path = directory.path("state.db")
        _ = try SQLiteStore(path: path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        try database.write { db in
            try db.execute(sql: "INSERT INTO flow_versions VALUES ('welcome', 'v1', '{}', 'now')")
            try db.execute(
                sql: """
                    INSERT INTO flow_executions (flow, version, sender, contact, state, started_at, updated_at)
                    VALUES ('welcome', 'v1', 's', '+15550000000', '{}', 'now', 'now')
                    """)
        }
        let error = #expect(throws: DatabaseError.self) {
            try database.write { db in try db.execute(sql: sql) }
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
    }

    /// Reads the store's file through a plain connection.
    private func rawRead<Value>(_ store: SQLiteStore, _ body: (Database) throws -> Value) throws -> Value {
        try rawConnection(to: store.path).read(body)
    }

    private func outboxCount(_ store: SQLiteStore) throws -> Int {
        try rawRead(store) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") } ?? 0
    }
}
