import Foundation
import GRDB

extension SQLiteStore {
    /// Writes a step, in this order: executions (each with its outbox rows, timers, HTTP
    /// call and counters), processed inbound messages, fired timers, handoffs, events. The
    /// caller provides the transaction (or savepoint) that makes it all or nothing.
    ///
    /// Every statement is a cached one, bound through SQLite's C API (``BoundStatement``):
    /// the runner writes thousands of steps a second, and preparing the SQL again, or
    /// GRDB's argument arrays and rows, cost more than running it. The SQL uses numbered
    /// parameters, which keeps it apart from the same SQL run through GRDB's API elsewhere.
    static func write(_ commit: FlowCommit, _ db: Database) throws -> [ExecutionWriteResult] {
        // The text form of a date costs a formatter call; every row of a step shares this one.
        let at = StoredDate.databaseValue(commit.at)
        var results: [ExecutionWriteResult] = []
        results.reserveCapacity(commit.executions.count)
        for write in commit.executions {
            results.append(try apply(write, at: at, db))
        }
        if !commit.processedInbound.isEmpty {
            let statement = try BoundStatement(
                db, sql: "UPDATE inbound_messages SET processed_at = ?1, outcome = ?2 WHERE id = ?3 AND processed_at IS NULL")
            for processed in commit.processedInbound {
                statement.bind(at, at: 1)
                statement.bind(processed.outcome, at: 2)
                statement.bind(processed.id, at: 3)
                guard try statement.execute() == 1 else {
                    throw StoreError(
                        .conflict, "Inbound message \(processed.id) was already processed (or is gone); the step was not written again.",
                        isTransient: false)
                }
            }
        }
        if !commit.firedTimers.isEmpty {
            let statement = try BoundStatement(db, sql: "DELETE FROM timers WHERE id = ?1")
            for timer in commit.firedTimers {
                statement.bind(timer, at: 1)
                try statement.execute()
            }
        }
        if !commit.handoffs.isEmpty {
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO contacts (phone, first_seen_at, last_seen_at, handoff_until, handoff_note) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (phone) DO UPDATE SET handoff_until = excluded.handoff_until, handoff_note = excluded.handoff_note
                    """)
            for handoff in commit.handoffs {
                try statement.execute(arguments: [handoff.phone, at, at, StoredDate.databaseValue(handoff.until), handoff.note])
            }
        }
        if !commit.events.isEmpty {
            // Numbered parameters: other writers insert events with the same SQL through
            // GRDB's API, and a bound statement must not share GRDB's cached one.
            let statement = try BoundStatement(db, sql: "INSERT INTO events (at, kind, resource, message) VALUES (?1, ?2, ?3, ?4)")
            for event in commit.events {
                statement.bind(event.at == commit.at ? at : StoredDate.databaseValue(event.at), at: 1)
                statement.bind(event.kind, at: 2)
                statement.bind(event.resource, at: 3)
                statement.bind(event.message, at: 4)
                try statement.execute()
            }
        }
        return results
    }

    /// Writes one execution's part of a step.
    ///
    /// Its statements are bound through SQLite's C API (``BoundStatement``): GRDB's argument
    /// arrays and rows cost about a third of each statement here.
    private static func apply(_ write: ExecutionWrite, at now: DatabaseValue, _ db: Database) throws -> ExecutionWriteResult {
        let status = write.endedReason == nil ? ExecutionRecord.Status.active : .ended
        let id: Int64
        let sequence: Int64
        let flow: String
        let version: String
        let conversation: Conversation
        switch write.target {
        case .new(let newFlow, let newVersion, let newConversation):
            let statement = try BoundStatement(
                db,
                sql: """
                    INSERT INTO flow_executions
                        (flow, version, sender, contact, status, state, started_at, updated_at, ended_reason, step_sequence)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, 1)
                    """)
            statement.bind(newFlow, at: 1)
            statement.bind(newVersion, at: 2)
            statement.bind(newConversation.sender, at: 3)
            statement.bind(newConversation.contact, at: 4)
            statement.bind(status.rawValue, at: 5)
            statement.bind(utf8: write.state, at: 6)
            statement.bind(now, at: 7)
            statement.bind(write.endedReason, at: 8)
            do {
                try statement.execute()
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
            // No RETURNING: SQLite gathers its rows in a temporary table, which cost more
            // than reading the few columns back by primary key.
            let update = try BoundStatement(
                db,
                sql: """
                    UPDATE flow_executions SET state = ?1, status = ?2, updated_at = ?3, ended_reason = ?4, step_sequence = step_sequence + 1
                    WHERE id = ?5 AND step_sequence = ?6 AND status = 'active'
                    """)
            update.bind(utf8: write.state, at: 1)
            update.bind(status.rawValue, at: 2)
            update.bind(now, at: 3)
            update.bind(write.endedReason, at: 4)
            update.bind(existingID, at: 5)
            update.bind(expected, at: 6)
            let changed = try update.execute()
            let read = try BoundStatement(db, sql: "SELECT flow, version, sender, contact FROM flow_executions WHERE id = ?1")
            read.bind(existingID, at: 1)
            guard changed == 1,
                let row = try read.first({ columns in
                    (flow: columns.text(0), version: columns.text(1), sender: columns.text(2), contact: columns.text(3))
                })
            else {
                throw StoreError(
                    .conflict,
                    "Flow execution \(existingID) moved on (or ended) since step \(expected) was read; the step was not written. Read it again.",
                    isTransient: false)
            }
            id = existingID
            sequence = expected + 1
            flow = row.flow
            version = row.version
            conversation = Conversation(sender: row.sender, contact: row.contact)
        }
        try enqueue(write.messages, execution: id, sequence: sequence, flow: flow, conversation: conversation, at: now, db)
        try writeTimers(write, execution: id, ended: status == .ended, db)
        try writeHTTPCall(write.httpCall, execution: id, isNew: write.target.isNew, ended: status == .ended, at: now, db)
        try count(write.counters, flow: flow, version: version, db)
        return ExecutionWriteResult(id: id, sequence: sequence)
    }

    /// Outbox rows keyed `flow:<execution>:<sequence>:<index>`: a replayed step finds its keys taken and adds nothing.
    private static func enqueue(
        _ messages: [Data], execution id: Int64, sequence: Int64, flow: String, conversation: Conversation, at now: DatabaseValue,
        _ db: Database
    ) throws {
        guard !messages.isEmpty else { return }
        let statement = try BoundStatement(
            db,
            sql: """
                INSERT INTO outbox
                    (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at)
                VALUES (?1, ?2, ?3, 'flow', ?4, ?5, 'queued', ?6, ?6, ?6)
                ON CONFLICT (dedupe_key) DO NOTHING
                """)
        for (index, payload) in messages.enumerated() {
            statement.bind("flow:\(id):\(sequence):\(index)", at: 1)
            statement.bind(conversation.sender, at: 2)
            statement.bind(conversation.contact, at: 3)
            statement.bind(flow, at: 4)
            statement.bind(utf8: payload, at: 5)
            statement.bind(now, at: 6)
            try statement.execute()
        }
    }

    private static func writeTimers(_ write: ExecutionWrite, execution id: Int64, ended: Bool, _ db: Database) throws {
        if ended {
            let statement = try BoundStatement(db, sql: "DELETE FROM timers WHERE execution_id = ?1")
            statement.bind(id, at: 1)
            try statement.execute()
            return
        }
        if !write.cancelledTimers.isEmpty {
            let statement = try BoundStatement(
                db, sql: "DELETE FROM timers WHERE execution_id = ?1 AND json_extract(payload, '$.ticket') = ?2")
            for ticket in write.cancelledTimers {
                statement.bind(id, at: 1)
                statement.bind(Int64(ticket), at: 2)
                try statement.execute()
            }
        }
        if !write.startedTimers.isEmpty {
            let statement = try BoundStatement(
                db, sql: "INSERT INTO timers (execution_id, fire_at, kind, payload) VALUES (?1, ?2, ?3, json_object('ticket', ?4))")
            for timer in write.startedTimers {
                statement.bind(id, at: 1)
                statement.bind(StoredDate.databaseValue(timer.fireAt), at: 2)
                statement.bind(timer.kind, at: 3)
                statement.bind(Int64(timer.ticket), at: 4)
                try statement.execute()
            }
        }
    }

    /// Forgets the call the execution waited for and keeps the one it waits for now, if any.
    /// A new execution waited for none (a call's row goes with its execution).
    private static func writeHTTPCall(
        _ call: HTTPCallWrite?, execution id: Int64, isNew: Bool, ended: Bool, at now: DatabaseValue, _ db: Database
    ) throws {
        if !isNew {
            let statement = try BoundStatement(db, sql: "DELETE FROM flow_http_calls WHERE execution_id = ?1")
            statement.bind(id, at: 1)
            try statement.execute()
        }
        guard let call, !ended else { return }
        let statement = try BoundStatement(
            db, sql: "INSERT INTO flow_http_calls (execution_id, call_id, request, created_at) VALUES (?1, ?2, ?3, ?4)")
        statement.bind(id, at: 1)
        statement.bind(Int64(call.callID), at: 2)
        statement.bind(utf8: call.request, at: 3)
        statement.bind(now, at: 4)
        try statement.execute()
    }

    /// Counts the step in `flow_step_counters`: one upsert for all of its increments (see
    /// ``flowStepCountersSchema``).
    private static func count(_ counters: [String: Int], flow: String, version: String, _ db: Database) throws {
        guard let increments = stepIncrements(counters) else { return }
        let statement = try BoundStatement(
            db,
            sql: """
                INSERT INTO flow_step_counters (flow, version, increments, count) VALUES (?1, ?2, ?3, 1)
                ON CONFLICT (flow, version, increments) DO UPDATE SET count = count + 1
                """)
        statement.bind(flow, at: 1)
        statement.bind(version, at: 2)
        statement.bind(increments, at: 3)
        try statement.execute()
    }

    /// A step's positive counter increments as a JSON object with sorted keys (equal steps
    /// make equal text), such as `{"edge:greet-next->ask":1,"node:ask":1}`; nil for none.
    static func stepIncrements(_ counters: [String: Int]) -> String? {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(160)
        for (key, increment) in counters.sorted(by: { $0.key < $1.key }) where increment > 0 {
            if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
            appendJSONString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: String(increment).utf8)
        }
        guard bytes.count > 1 else { return nil }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string` as a JSON string: quotes, backslashes and control characters escaped,
    /// everything else (UTF-8 included) as it is.
    private static func appendJSONString(_ string: String, to bytes: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        bytes.append(quote)
        for byte in string.utf8 {
            switch byte {
            case quote, backslash:
                bytes.append(backslash)
                bytes.append(byte)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(quote)
    }
}

extension ExecutionWrite.Target {
    fileprivate var isNew: Bool {
        if case .new = self { true } else { false }
    }
}
