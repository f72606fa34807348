import Foundation
import GRDB
import Testing

@testable import Store

@Suite("SQLiteStore flow transactions")
struct FlowTransactionTests {
    static let conversation = Conversation(sender: "support", contact: "+15550000001")
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func makeFlowStore() throws -> SQLiteStore {
        let store = try SQLiteStore(path: directory.path("flows.db"), now: { .testNow })
        try store.saveFlowVersions([FlowVersionRecord(flow: "welcome", version: "v1", program: Data(#"{"format":1}"#.utf8))])
        return store
    }

    func inbound(_ id: String, from contact: String = "+15550000001") -> NewInboundMessage {
        NewInboundMessage(
            providerMessageID: id, conversation: Conversation(sender: "support", contact: contact), profileName: "Ann",
            body: Data(#"{"text":"hi"}"#.utf8), receivedAt: .testNow)
    }

    func start(in conversation: Conversation = Self.conversation, processing message: InboundRecord? = nil) -> FlowCommit {
        var commit = FlowCommit(at: .testNow)
        commit.executions = [
            ExecutionWrite(
                target: .new(flow: "welcome", version: "v1", conversation: conversation), state: Data(#"{"step":1}"#.utf8),
                messages: [Data(#"{"text":"hello"}"#.utf8)], counters: ["node:greet": 1])
        ]
        if let message { commit.processedInbound = [ProcessedInbound(id: message.id, outcome: "started")] }
        return commit
    }

    /// `value`, which must be there (inside a store transaction, where `#require` cannot throw).
    func required<Value>(_ value: Value?, sourceLocation: SourceLocation = #_sourceLocation) throws(StoreError) -> Value {
        guard let value else {
            Issue.record("a value is missing", sourceLocation: sourceLocation)
            throw StoreError(.database, "a value is missing")
        }
        return value
    }

    func count(_ table: String, in store: SQLiteStore) throws -> Int {
        try rawConnection(to: store.path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") } ?? 0
    }

    @Test("steps of several conversations land together; reads see the transaction's own writes")
    func stepsLandTogether() throws {
        let store = try makeFlowStore()
        let other = Conversation(sender: "support", contact: "+15550000002")

        let stamps = try store.transaction { transaction throws(StoreError) -> [ExecutionStamp?] in
            let first = try required(try transaction.recordInbound(inbound("wamid.1")))
            #expect(try transaction.hasUnprocessedInbound(in: Self.conversation, before: first.id) == false)
            try transaction.commit(start(processing: first))
            let second = try required(try transaction.recordInbound(inbound("wamid.2", from: other.contact)))
            try transaction.commit(start(in: other, processing: second))
            #expect(try transaction.firstUnprocessedInbound(in: Self.conversation) == nil)
            return [try transaction.activeExecutionStamp(in: Self.conversation), try transaction.activeExecutionStamp(in: other)]
        }

        #expect(stamps == [ExecutionStamp(id: 1, sequence: 1), ExecutionStamp(id: 2, sequence: 1)])
        #expect(try count("outbox", in: store) == 2)
        #expect(try store.unprocessedInbound(in: Self.conversation).isEmpty)
        #expect(try store.contact(phone: other.contact)?.name == "Ann")
    }

    @Test("a step that fails rolls the whole transaction back, even when the body goes on")
    func failedStepRollsBackEverything() throws {
        let store = try makeFlowStore()

        expectStoreError(.conflict) {
            try store.transaction { transaction throws(StoreError) in
                let message = try required(try transaction.recordInbound(inbound("wamid.1")))
                try transaction.commit(start(processing: message))
                // A second active execution in the same conversation is refused...
                #expect(throws: StoreError.self) { try transaction.commit(start()) }
                // ...and the transaction stays unfit to commit whatever the body does next.
                #expect(throws: StoreError.self) { try transaction.contact(phone: "+15550000001") }
            }
        }

        #expect(try count("flow_executions", in: store) == 0)
        #expect(try count("outbox", in: store) == 0)
        #expect(try count("inbound_messages", in: store) == 0)
        #expect(try count("contacts", in: store) == 0)
    }

    @Test("stepwise, each call is a transaction of its own: what came before a failure stays")
    func stepwiseKeepsEarlierSteps() throws {
        let store = try makeFlowStore()
        let transaction = store.stepwise

        let message = try #require(try transaction.recordInbound(inbound("wamid.1")))
        try transaction.commit(start(processing: message))
        expectStoreError(.conflict) { try transaction.commit(start()) }

        #expect(try count("flow_executions", in: store) == 1)
        #expect(try transaction.activeExecutionStamp(in: Self.conversation) == ExecutionStamp(id: 1, sequence: 1))
        #expect(try transaction.hasUnprocessedInbound(in: Self.conversation, before: 99) == false)
    }

    @Test("dates are written exactly as GRDB writes them, and read back as it reads them")
    func storedDatesMatchGRDB() throws {
        var generator = SystemRandomNumberGenerator()
        var dates = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1), Date(timeIntervalSince1970: -0.0005), .testNow,
            Date(timeIntervalSince1970: 1_750_000_000.9999), Date(timeIntervalSince1970: 951_782_400.5),  // 2000-02-29
            Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSince1970: 253_402_300_799.999),  // 9999-12-31
        ]
        for _ in 0..<20_000 {
            let milliseconds = Double(Int64.random(in: -30_000_000_000_000...200_000_000_000_000, using: &generator))
            dates.append(Date(timeIntervalSince1970: milliseconds / 1_000 + Double.random(in: 0..<0.001, using: &generator)))
        }
        for date in dates {
            let grdb = String.fromDatabaseValue(date.databaseValue)
            #expect(StoredDate.databaseValue(date) == date.databaseValue, "\(date.timeIntervalSince1970)")
            let text = try #require(grdb)
            let read = try #require(StoredDate.date(from: text.databaseValue))
            let expected = try #require(Date.fromDatabaseValue(text.databaseValue))
            #expect(abs(read.timeIntervalSince(expected)) < 1e-6, "\(text)")
            #expect(String.fromDatabaseValue(StoredDate.databaseValue(read)) == text, "a date read back writes the same text")
        }
        #expect(StoredDate.date(fromText: "2025-01-01 00:00:00") == nil, "other shapes are GRDB's to read")
        #expect(StoredDate.date(fromText: "1500-01-01 00:00:00.000") == nil, "so are Julian dates")
        #expect(StoredDate.date(from: "2025-01-01 00:00:00".databaseValue) == Date.fromDatabaseValue("2025-01-01 00:00:00".databaseValue))
    }

    @Test("while maintenance runs, the WAL is checkpointed off the committing thread; releasing it stops that")
    func backgroundCheckpoints() async throws {
        let store = try makeFlowStore()
        #expect(try SQLiteStore.inMemory().startMaintenance() == nil)
        var maintenance = store.startMaintenance()
        #expect(maintenance != nil)
        let path = store.path
        let sizeBefore = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0

        // Far fewer pages than SQLite's own 1,000-page threshold: only the checkpointer copies them.
        try store.transaction { transaction throws(StoreError) in
            for number in 0..<400 { _ = try transaction.recordInbound(inbound("wamid.\(number)", from: "+1555\(1_000_000 + number)")) }
        }
        var size = sizeBefore
        for _ in 0..<100 where size <= sizeBefore {
            try await Task.sleep(for: .milliseconds(20))
            size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        }
        #expect(size > sizeBefore, "the pages reached the database file")

        maintenance = nil
        try store.transaction { transaction throws(StoreError) in _ = try transaction.recordInbound(inbound("wamid.after")) }
        #expect(try count("inbound_messages", in: store) == 401)
        _ = maintenance
    }
}
