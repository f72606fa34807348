import Foundation
import GRDB

extension SQLiteStore: FlowStateStore {
    /// Saves compiled versions, keeping a version saved before unchanged.
    public func saveFlowVersions(_ versions: [FlowVersionRecord]) throws(StoreError) {
        guard !versions.isEmpty else { return }
        let now = self.now()
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
                try Row.fetchOne(
                    db, sql: "SELECT program FROM flow_versions WHERE flow = ? AND version = ?", arguments: [flow, version]
                ).map { row in
                    let program: String = try row.decode(forColumn: "program")
                    return FlowVersionRecord(flow: flow, version: version, program: Data(program.utf8))
                }
            }
        }
    }

    public func execution(id: Int64) throws(StoreError) -> ExecutionRecord? {
        try perform("reading flow execution \(id)") {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM flow_executions WHERE id = ?", arguments: [id]).map(ExecutionRecord.init(row:))
            }
        }
    }

    public func activeExecution(in conversation: Conversation) throws(StoreError) -> ExecutionRecord? {
        try perform("reading the active flow execution of \(conversation)") {
            try writer.read { db in
                try Row.fetchOne(
                    db, sql: "SELECT * FROM flow_executions WHERE sender = ? AND contact = ? AND status = 'active'",
                    arguments: [conversation.sender, conversation.contact]
                ).map(ExecutionRecord.init(row:))
            }
        }
    }

    public func activeExecutions(flow: String) throws(StoreError) -> [ExecutionRecord] {
        try perform("reading the active executions of flow \(flow)") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM flow_executions WHERE flow = ? AND status = 'active' ORDER BY id", arguments: [flow])
                    .map(ExecutionRecord.init(row:))
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
        let conversation = message.conversation
        return try perform("storing inbound message \(message.providerMessageID)") {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO inbound_messages (provider_message_id, sender, contact, body, received_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (provider_message_id) DO NOTHING
                        """,
                    arguments: [
                        message.providerMessageID, conversation.sender, conversation.contact, String(decoding: message.body, as: UTF8.self),
                        message.receivedAt,
                    ])
                guard db.changesCount > 0 else { return nil }
                let id = db.lastInsertedRowID
                try db.execute(
                    sql: """
                        INSERT INTO contacts (phone, name, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT (phone) DO UPDATE SET
                            name = coalesce(contacts.name, excluded.name),
                            last_seen_at = max(contacts.last_seen_at, excluded.last_seen_at)
                        """,
                    arguments: [conversation.contact, message.profileName, message.receivedAt, message.receivedAt])
                return InboundRecord(
                    id: id, providerMessageID: message.providerMessageID, conversation: conversation, body: message.body,
                    receivedAt: message.receivedAt)
            }
        }
    }

    public func unprocessedInbound(in conversation: Conversation) throws(StoreError) -> [InboundRecord] {
        try perform("reading the waiting messages of \(conversation)") {
            try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT * FROM inbound_messages WHERE sender = ? AND contact = ? AND processed_at IS NULL ORDER BY id",
                    arguments: [conversation.sender, conversation.contact]
                ).map(InboundRecord.init(row:))
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
        try perform("reading contact \(phone)") {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM contacts WHERE phone = ?", arguments: [phone]).map { row in
                    ContactRecord(
                        phone: try row.decode(forColumn: "phone"), name: try row.decode(forColumn: "name"),
                        firstSeenAt: try row.decode(forColumn: "first_seen_at"), lastSeenAt: try row.decode(forColumn: "last_seen_at"),
                        handoffUntil: try row.decode(forColumn: "handoff_until"), handoffNote: try row.decode(forColumn: "handoff_note"))
                }
            }
        }
    }

    public func dueTimers(until date: Date, limit: Int) throws(StoreError) -> [TimerRecord] {
        try perform("reading due timers") {
            try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, execution_id, fire_at, kind, json_extract(payload, '$.ticket') AS ticket FROM timers
                        WHERE fire_at <= ? ORDER BY fire_at, id LIMIT ?
                        """,
                    arguments: [date, max(0, limit)]
                ).map { row in
                    TimerRecord(
                        id: try row.decode(forColumn: "id"), executionID: try row.decode(forColumn: "execution_id"),
                        fireAt: try row.decode(forColumn: "fire_at"), kind: try row.decode(forColumn: "kind"),
                        ticket: try row.decode(Int?.self, forColumn: "ticket") ?? 0)
                }
            }
        }
    }

    public func nextTimerDate() throws(StoreError) -> Date? {
        try perform("reading the next timer") {
            try writer.read { db in try Date.fetchOne(db, sql: "SELECT min(fire_at) FROM timers") }
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
                try Row.fetchAll(db, sql: "SELECT * FROM flow_counters WHERE flow = ? ORDER BY version, key", arguments: [flow]).map { row in
                    FlowCounter(
                        flow: flow, version: try row.decode(forColumn: "version"), key: try row.decode(forColumn: "key"),
                        count: try row.decode(forColumn: "count"))
                }
            }
        }
    }

    /// Writes a step in one transaction, in this order: executions (each with its outbox
    /// rows, timers, HTTP call and counters), processed inbound messages, fired timers,
    /// handoffs, events. Any failure rolls all of it back.
    @discardableResult
    public func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult] {
        try perform("committing a flow step") {
            try writer.write { db in
                var results: [ExecutionWriteResult] = []
                for write in commit.executions {
                    results.append(try Self.apply(write, at: commit.at, db))
                }
                for processed in commit.processedInbound {
                    try db.execute(
                        sql: "UPDATE inbound_messages SET processed_at = ?, outcome = ? WHERE id = ? AND processed_at IS NULL",
                        arguments: [commit.at, processed.outcome, processed.id])
                    guard db.changesCount == 1 else {
                        throw StoreError(
                            .conflict, "Inbound message \(processed.id) was already processed (or is gone); the step was not written again.",
                            isTransient: false)
                    }
                }
                for timer in commit.firedTimers {
                    try db.execute(sql: "DELETE FROM timers WHERE id = ?", arguments: [timer])
                }
                for handoff in commit.handoffs {
                    try db.execute(
                        sql: """
                            INSERT INTO contacts (phone, first_seen_at, last_seen_at, handoff_until, handoff_note) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT (phone) DO UPDATE SET handoff_until = excluded.handoff_until, handoff_note = excluded.handoff_note
                            """,
                        arguments: [handoff.phone, commit.at, commit.at, handoff.until, handoff.note])
                }
                for event in commit.events {
                    try db.execute(
                        sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, ?, ?)",
                        arguments: [event.at, event.kind, event.resource, event.message])
                }
                return results
            }
        }
    }

    /// Writes one execution's part of a step.
    private static func apply(_ write: ExecutionWrite, at now: Date, _ db: Database) throws -> ExecutionWriteResult {
        let state = String(decoding: write.state, as: UTF8.self)
        let status = write.endedReason == nil ? ExecutionRecord.Status.active : .ended
        let id: Int64
        let sequence: Int64
        let flow: String
        let version: String
        let conversation: Conversation
        switch write.target {
        case .new(let newFlow, let newVersion, let newConversation):
            do {
                try db.execute(
                    sql: """
                        INSERT INTO flow_executions
                            (flow, version, sender, contact, status, state, started_at, updated_at, ended_reason, step_sequence)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                        """,
                    arguments: [
                        newFlow, newVersion, newConversation.sender, newConversation.contact, status.rawValue, state, now, now, write.endedReason,
                    ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError(
                    .conflict, "\(newConversation) already has an active flow execution; the new one of flow \(newFlow) was not started.",
                    isTransient: false, underlying: error)
            }
            id = db.lastInsertedRowID
            sequence = 1
            flow = newFlow
            version = newVersion
            conversation = newConversation
        case .existing(let existingID, let expected):
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        UPDATE flow_executions SET state = ?, status = ?, updated_at = ?, ended_reason = ?, step_sequence = step_sequence + 1
                        WHERE id = ? AND step_sequence = ? AND status = 'active'
                        RETURNING flow, version, sender, contact, step_sequence
                        """,
                    arguments: [state, status.rawValue, now, write.endedReason, existingID, expected])
            else {
                throw StoreError(
                    .conflict,
                    "Flow execution \(existingID) moved on (or ended) since step \(expected) was read; the step was not written. Read it again.",
                    isTransient: false)
            }
            id = existingID
            sequence = try row.decode(forColumn: "step_sequence")
            flow = try row.decode(forColumn: "flow")
            version = try row.decode(forColumn: "version")
            conversation = Conversation(sender: try row.decode(forColumn: "sender"), contact: try row.decode(forColumn: "contact"))
        }
        try enqueue(write.messages, execution: id, sequence: sequence, flow: flow, conversation: conversation, at: now, db)
        try writeTimers(write, execution: id, ended: status == .ended, db)
        try db.execute(sql: "DELETE FROM flow_http_calls WHERE execution_id = ?", arguments: [id])
        if let call = write.httpCall, status == .active {
            try db.execute(
                sql: "INSERT INTO flow_http_calls (execution_id, call_id, request, created_at) VALUES (?, ?, ?, ?)",
                arguments: [id, call.callID, String(decoding: call.request, as: UTF8.self), now])
        }
        for (key, increment) in write.counters.sorted(by: { $0.key < $1.key }) where increment > 0 {
            try db.execute(
                sql: """
                    INSERT INTO flow_counters (flow, version, key, count) VALUES (?, ?, ?, ?)
                    ON CONFLICT (flow, version, key) DO UPDATE SET count = count + excluded.count
                    """,
                arguments: [flow, version, key, increment])
        }
        return ExecutionWriteResult(id: id, sequence: sequence)
    }

    /// Outbox rows keyed `flow:<execution>:<sequence>:<index>`: a replayed step finds its keys taken and adds nothing.
    private static func enqueue(
        _ messages: [Data], execution id: Int64, sequence: Int64, flow: String, conversation: Conversation, at now: Date, _ db: Database
    ) throws {
        guard !messages.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO outbox
                    (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at)
                VALUES (?, ?, ?, 'flow', ?, ?, 'queued', ?, ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
        for (index, payload) in messages.enumerated() {
            try statement.execute(arguments: [
                "flow:\(id):\(sequence):\(index)", conversation.sender, conversation.contact, flow, String(decoding: payload, as: UTF8.self),
                now, now, now,
            ])
        }
    }

    private static func writeTimers(_ write: ExecutionWrite, execution id: Int64, ended: Bool, _ db: Database) throws {
        if ended {
            try db.execute(sql: "DELETE FROM timers WHERE execution_id = ?", arguments: [id])
            return
        }
        for ticket in write.cancelledTimers {
            try db.execute(
                sql: "DELETE FROM timers WHERE execution_id = ? AND json_extract(payload, '$.ticket') = ?", arguments: [id, ticket])
        }
        for timer in write.startedTimers {
            try db.execute(
                sql: "INSERT INTO timers (execution_id, fire_at, kind, payload) VALUES (?, ?, ?, json_object('ticket', ?))",
                arguments: [id, timer.fireAt, timer.kind, timer.ticket])
        }
    }
}

extension ExecutionRecord {
    fileprivate init(row: Row) throws {
        let state: String = try row.decode(forColumn: "state")
        self.init(
            id: try row.decode(forColumn: "id"), flow: try row.decode(forColumn: "flow"), version: try row.decode(forColumn: "version"),
            sender: try row.decode(forColumn: "sender"), contact: try row.decode(forColumn: "contact"),
            status: try row.decode(fromRawValueIn: "status"), state: Data(state.utf8), sequence: try row.decode(forColumn: "step_sequence"),
            startedAt: try row.decode(forColumn: "started_at"), updatedAt: try row.decode(forColumn: "updated_at"),
            endedReason: try row.decode(forColumn: "ended_reason"))
    }
}

extension InboundRecord {
    fileprivate init(row: Row) throws {
        let body: String = try row.decode(forColumn: "body")
        self.init(
            id: try row.decode(forColumn: "id"), providerMessageID: try row.decode(forColumn: "provider_message_id"),
            conversation: Conversation(sender: try row.decode(forColumn: "sender"), contact: try row.decode(forColumn: "contact")),
            body: Data(body.utf8), receivedAt: try row.decode(forColumn: "received_at"), processedAt: try row.decode(forColumn: "processed_at"),
            outcome: try row.decode(forColumn: "outcome"))
    }
}
