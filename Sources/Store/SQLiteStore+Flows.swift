import Foundation
import GRDB

extension SQLiteStore: FlowStateStore {
    /// Saves compiled versions, keeping a version saved before unchanged.
    public func saveFlowVersions(_ versions: [FlowVersionRecord]) throws(StoreError) {
        guard !versions.isEmpty else { return }
        let now = StoredDate.databaseValue(self.now())
        try perform("saving flow versions") {
            try writer.write { db in
                let statement = try db.cachedStatement(
                    sql: """
                        INSERT INTO flow_versions (flow, version, program, created_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (flow, version) DO NOTHING
                        """)
                for version in versions {
                    try statement.execute(arguments: [version.flow, version.version, String(decoding: version.program, as: UTF8.self), now])
                }
            }
        }
    }

    public func flowVersion(flow: String, version: String) throws(StoreError) -> FlowVersionRecord? {
        try perform("reading version \(version) of flow \(flow)") {
            try writer.read { db in
                let statement = try db.cachedStatement(sql: "SELECT program FROM flow_versions WHERE flow = ? AND version = ?")
                return try String.fetchOne(statement, arguments: [flow, version]).map { program in
                    FlowVersionRecord(flow: flow, version: version, program: Data(program.utf8))
                }
            }
        }
    }

    public func execution(id: Int64) throws(StoreError) -> ExecutionRecord? {
        try performFlow("reading flow execution \(id)") {
            try writer.read { db in try Self.execution(id: id, db) }
        }
    }

    public func activeExecution(in conversation: Conversation) throws(StoreError) -> ExecutionRecord? {
        try performFlow("reading the active flow execution of \(conversation)") {
            try writer.read { db in
                let statement = try db.cachedStatement(
                    sql: "SELECT \(ExecutionRecord.columns) FROM flow_executions WHERE sender = ? AND contact = ? AND status = 'active'")
                return try Row.fetchOne(statement, arguments: [conversation.sender, conversation.contact]).map(ExecutionRecord.init(row:))
            }
        }
    }

    public func activeExecutions(flow: String) throws(StoreError) -> [ExecutionRecord] {
        try perform("reading the active executions of flow \(flow)") {
            try writer.read { db in
                let statement = try db.cachedStatement(
                    sql: "SELECT \(ExecutionRecord.columns) FROM flow_executions WHERE flow = ? AND status = 'active' ORDER BY id")
                return try Row.fetchAll(statement, arguments: [flow]).map(ExecutionRecord.init(row:))
            }
        }
    }

    public func flowsWithActiveExecutions() throws(StoreError) -> Set<String> {
        try perform("listing flows with active executions") {
            try writer.read { db in
                Set(try String.fetchAll(db, sql: "SELECT DISTINCT flow FROM flow_executions WHERE status = 'active'"))
            }
        }
    }

    public func recordInbound(_ message: NewInboundMessage) throws(StoreError) -> InboundRecord? {
        try performFlow("storing inbound message \(message.providerMessageID)") {
            try writer.write { db in try Self.recordInbound(message, db) }
        }
    }

    public func unprocessedInbound(in conversation: Conversation) throws(StoreError) -> [InboundRecord] {
        try performFlow("reading the waiting messages of \(conversation)") {
            try writer.read { db in
                let statement = try db.cachedStatement(
                    sql: """
                        SELECT \(InboundRecord.columns) FROM inbound_messages
                        WHERE sender = ? AND contact = ? AND processed_at IS NULL ORDER BY id
                        """)
                return try Row.fetchAll(statement, arguments: [conversation.sender, conversation.contact]).map(InboundRecord.init(row:))
            }
        }
    }

    public func conversationsWithUnprocessedInbound() throws(StoreError) -> [Conversation] {
        try perform("listing conversations with waiting messages") {
            try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT sender, contact, min(id) AS first FROM inbound_messages WHERE processed_at IS NULL
                        GROUP BY sender, contact ORDER BY first
                        """
                ).map { row in Conversation(sender: try row.decode(forColumn: "sender"), contact: try row.decode(forColumn: "contact")) }
            }
        }
    }

    public func contact(phone: String) throws(StoreError) -> ContactRecord? {
        try performFlow("reading contact \(phone)") {
            try writer.read { db in try Self.contact(phone: phone, db) }
        }
    }

    public func dueTimers(until date: Date, limit: Int) throws(StoreError) -> [TimerRecord] {
        try perform("reading due timers") {
            try writer.read { db in
                let statement = try db.cachedStatement(
                    sql: """
                        SELECT id, execution_id, fire_at, kind, json_extract(payload, '$.ticket') AS ticket FROM timers
                        WHERE fire_at <= ? ORDER BY fire_at, id LIMIT ?
                        """)
                return try Row.fetchAll(statement, arguments: [date, max(0, limit)]).map { row in
                    TimerRecord(
                        id: try row.decode(atIndex: 0), executionID: try row.decode(atIndex: 1), fireAt: try row.storedDate(atIndex: 2),
                        kind: try row.decode(atIndex: 3), ticket: try row.decode(Int?.self, atIndex: 4) ?? 0)
                }
            }
        }
    }

    public func nextTimerDate() throws(StoreError) -> Date? {
        try perform("reading the next timer") {
            try writer.read { db in try Date.fetchOne(db.cachedStatement(sql: "SELECT min(fire_at) FROM timers")) }
        }
    }

    public func pendingHTTPCalls() throws(StoreError) -> [PendingHTTPCallRecord] {
        try perform("reading pending HTTP calls") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM flow_http_calls ORDER BY created_at, execution_id").map { row in
                    let request: String = try row.decode(forColumn: "request")
                    return PendingHTTPCallRecord(
                        executionID: try row.decode(forColumn: "execution_id"), callID: try row.decode(forColumn: "call_id"),
                        request: Data(request.utf8), createdAt: try row.decode(forColumn: "created_at"))
                }
            }
        }
    }

    public func flowCounters(flow: String) throws(StoreError) -> [FlowCounter] {
        try perform("reading the counters of flow \(flow)") {
            try writer.read { db in
                // Counters written before v7, one row each, plus the steps since, one row per kind of step.
                var counts: [FlowCounterID: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT version, key, count FROM flow_counters WHERE flow = ?", arguments: [flow]) {
                    counts[FlowCounterID(version: try row.decode(atIndex: 0), key: try row.decode(atIndex: 1)), default: 0] +=
                        try row.decode(atIndex: 2) as Int
                }
                let steps = try Row.fetchAll(
                    db, sql: "SELECT version, increments, count FROM flow_step_counters WHERE flow = ?", arguments: [flow])
                for row in steps {
                    let version: String = try row.decode(atIndex: 0)
                    let text: String = try row.decode(atIndex: 1)
                    let steps: Int = try row.decode(atIndex: 2)
                    guard let increments = try? JSONDecoder().decode([String: Int].self, from: Data(text.utf8)) else {
                        throw StoreError(
                            .database,
                            "The state database holds '\(text)' in flow_step_counters.increments, which is not a JSON object of counts; "
                                + "restore it from a backup.")
                    }
                    for (key, increment) in increments {
                        counts[FlowCounterID(version: version, key: key), default: 0] += increment * steps
                    }
                }
                return counts.map { id, count in FlowCounter(flow: flow, version: id.version, key: id.key, count: count) }
                    .sorted { ($0.version, $0.key) < ($1.version, $1.key) }
            }
        }
    }

    /// Writes a step in one transaction; see ``write(_:_:)`` for what and in which order.
    @discardableResult
    public func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult] {
        try performFlow("committing a flow step") {
            try writer.write { db in try Self.write(commit, db) }
        }
    }

    /// Runs `body` in one write transaction (an immediate one: it takes the write lock at
    /// once, so its reads are current), all or nothing.
    public func transaction<Value>(_ body: (any FlowTransaction) throws(StoreError) -> Value) throws(StoreError) -> Value {
        try performFlow("running a flow transaction") {
            try writer.write { db in
                let transaction = SQLiteFlowTransaction(db: db, path: path)
                let value = try body(transaction)
                // A call that failed may have left part of a step behind: roll it all back.
                if let failure = transaction.failure { throw failure }
                return value
            }
        }
    }
}

extension SQLiteStore {
    /// Checkpoints the WAL on a thread of its own (see ``WALCheckpointer``) every 50 ms,
    /// for as long as the returned object lives; commits then checkpoint only if the WAL
    /// passes 64k pages (256 MiB). Nil for a database in memory, or when the
    /// checkpointer's connection cannot be opened.
    public func startMaintenance() -> (any Sendable)? {
        guard path != Self.inMemoryPath else { return nil }
        return try? WALCheckpointer(path: path, writer: writer, interval: .milliseconds(50), ceilingPages: 65_536)
    }
}

// MARK: Reads shared by the store and its transactions

extension SQLiteStore {
    /// Like `perform`, but builds the description only when something failed: the flow
    /// runner's calls are many and short.
    func performFlow<Value>(_ doing: @autoclosure () -> String, _ body: () throws -> Value) throws(StoreError) -> Value {
        do {
            return try body()
        } catch {
            throw StoreError(error, while: doing(), at: path)
        }
    }

    static func execution(id: Int64, _ db: Database) throws -> ExecutionRecord? {
        let statement = try BoundStatement(db, sql: "SELECT \(ExecutionRecord.columns) FROM flow_executions WHERE id = ?1")
        statement.bind(id, at: 1)
        return try statement.first(ExecutionRecord.init(columns:))
    }

    static func activeExecutionStamp(in conversation: Conversation, _ db: Database) throws -> ExecutionStamp? {
        let statement = try BoundStatement(
            db, sql: "SELECT id, step_sequence FROM flow_executions WHERE sender = ?1 AND contact = ?2 AND status = 'active'")
        statement.bind(conversation.sender, at: 1)
        statement.bind(conversation.contact, at: 2)
        return try statement.first { columns in ExecutionStamp(id: columns.integer(0), sequence: columns.integer(1)) }
    }

    static func hasUnprocessedInbound(in conversation: Conversation, before id: Int64, _ db: Database) throws -> Bool {
        let statement = try BoundStatement(
            db, sql: "SELECT 1 FROM inbound_messages WHERE sender = ?1 AND contact = ?2 AND processed_at IS NULL AND id < ?3 LIMIT 1")
        statement.bind(conversation.sender, at: 1)
        statement.bind(conversation.contact, at: 2)
        statement.bind(id, at: 3)
        return try statement.first { _ in true } ?? false
    }

    static func firstUnprocessedInbound(in conversation: Conversation, _ db: Database) throws -> InboundRecord? {
        let statement = try db.cachedStatement(
            sql: """
                SELECT \(InboundRecord.columns) FROM inbound_messages
                WHERE sender = ? AND contact = ? AND processed_at IS NULL ORDER BY id LIMIT 1
                """)
        return try Row.fetchOne(statement, arguments: [conversation.sender, conversation.contact]).map(InboundRecord.init(row:))
    }

    static func contact(phone: String, _ db: Database) throws -> ContactRecord? {
        let statement = try BoundStatement(
            db, sql: "SELECT phone, name, first_seen_at, last_seen_at, handoff_until, handoff_note FROM contacts WHERE phone = ?1")
        statement.bind(phone, at: 1)
        return try statement.first { columns in
            ContactRecord(
                phone: columns.text(0), name: columns.optionalText(1), firstSeenAt: try columns.storedDate(2),
                lastSeenAt: try columns.storedDate(3), handoffUntil: try columns.storedDateIfPresent(4), handoffNote: columns.optionalText(5))
        }
    }

    /// Stores an inbound message and creates or touches its contact; nil for a duplicate.
    static func recordInbound(_ message: NewInboundMessage, _ db: Database) throws -> InboundRecord? {
        let conversation = message.conversation
        let receivedAt = StoredDate.databaseValue(message.receivedAt)
        let insert = try BoundStatement(
            db,
            sql: """
                INSERT INTO inbound_messages (provider_message_id, sender, contact, body, received_at) VALUES (?1, ?2, ?3, ?4, ?5)
                ON CONFLICT (provider_message_id) DO NOTHING
                """)
        insert.bind(message.providerMessageID, at: 1)
        insert.bind(conversation.sender, at: 2)
        insert.bind(conversation.contact, at: 3)
        insert.bind(utf8: message.body, at: 4)
        insert.bind(receivedAt, at: 5)
        guard try insert.execute() > 0 else { return nil }
        let id = db.lastInsertedRowID
        let touch = try BoundStatement(
            db,
            sql: """
                INSERT INTO contacts (phone, name, first_seen_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)
                ON CONFLICT (phone) DO UPDATE SET
                    name = coalesce(contacts.name, excluded.name),
                    last_seen_at = max(contacts.last_seen_at, excluded.last_seen_at)
                """)
        touch.bind(conversation.contact, at: 1)
        touch.bind(message.profileName, at: 2)
        touch.bind(receivedAt, at: 3)
        try touch.execute()
        return InboundRecord(
            id: id, providerMessageID: message.providerMessageID, conversation: conversation, body: message.body, receivedAt: message.receivedAt)
    }
}

extension ExecutionRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = "id, flow, version, sender, contact, status, state, step_sequence, started_at, updated_at, ended_reason"

    init(row: Row) throws {
        let state: String = try row.decode(atIndex: 6)
        let knownStatus = try Status(stored: try row.decode(atIndex: 5), column: "status")
        self.init(
            id: try row.decode(atIndex: 0), flow: try row.decode(atIndex: 1), version: try row.decode(atIndex: 2),
            sender: try row.decode(atIndex: 3), contact: try row.decode(atIndex: 4), status: knownStatus, state: Data(state.utf8),
            sequence: try row.decode(atIndex: 7), startedAt: try row.storedDate(atIndex: 8), updatedAt: try row.storedDate(atIndex: 9),
            endedReason: try row.decode(atIndex: 10))
    }
}

extension ExecutionRecord {
    /// Reads the columns of ``columns`` (the same as ``init(row:)``), through a bound statement.
    init(columns: BoundStatement.Columns) throws {
        let knownStatus = try Status(stored: columns.text(5), column: "status")
        self.init(
            id: columns.integer(0), flow: columns.text(1), version: columns.text(2), sender: columns.text(3), contact: columns.text(4),
            status: knownStatus, state: columns.data(6), sequence: columns.integer(7), startedAt: try columns.storedDate(8),
            updatedAt: try columns.storedDate(9), endedReason: columns.optionalText(10))
    }
}

extension InboundRecord {
    /// The columns ``init(row:)`` reads, in its order.
    static let columns = "id, provider_message_id, sender, contact, body, received_at, processed_at, outcome"

    fileprivate init(row: Row) throws {
        let body: String = try row.decode(atIndex: 4)
        self.init(
            id: try row.decode(atIndex: 0), providerMessageID: try row.decode(atIndex: 1),
            conversation: Conversation(sender: try row.decode(atIndex: 2), contact: try row.decode(atIndex: 3)), body: Data(body.utf8),
            receivedAt: try row.storedDate(atIndex: 5), processedAt: try row.storedDateIfPresent(atIndex: 6), outcome: try row.decode(atIndex: 7))
    }
}

/// A counter of a flow: its version and key.
private struct FlowCounterID: Hashable {
    var version: String
    var key: String
}
