import Foundation
import GRDB

extension SQLiteStore {
    /// Writes a step, in this order: executions (each with its outbox rows, timers, HTTP
    /// call and counters), processed inbound messages, fired timers, handoffs, events. The
    /// caller provides the transaction (or savepoint) that makes it all or nothing.
    ///
    /// Every statement is a cached one: the runner writes thousands of steps a second and
    /// preparing the SQL again each time cost more than running it.
    static func write(_ commit: FlowCommit, _ db: Database) throws -> [ExecutionWriteResult] {
        // The text form of a date costs a formatter call; every row of a step shares this one.
        let at = StoredDate.databaseValue(commit.at)
        var results: [ExecutionWriteResult] = []
        results.reserveCapacity(commit.executions.count)
        for write in commit.executions {
            results.append(try apply(write, at: at, db))
        }
        if !commit.processedInbound.isEmpty {
            let statement = try db.cachedStatement(
                sql: "UPDATE inbound_messages SET processed_at = ?, outcome = ? WHERE id = ? AND processed_at IS NULL")
            for processed in commit.processedInbound {
                try statement.execute(arguments: [at, processed.outcome, processed.id])
                guard db.changesCount == 1 else {
                    throw StoreError(
                        .conflict, "Inbound message \(processed.id) was already processed (or is gone); the step was not written again.",
                        isTransient: false)
                }
            }
        }
        if !commit.firedTimers.isEmpty {
            let statement = try db.cachedStatement(sql: "DELETE FROM timers WHERE id = ?")
            for timer in commit.firedTimers {
                try statement.execute(arguments: [timer])
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
            let statement = try db.cachedStatement(sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, ?, ?)")
            for event in commit.events {
                let eventAt = event.at == commit.at ? at : StoredDate.databaseValue(event.at)
                try statement.execute(arguments: [eventAt, event.kind, event.resource, event.message])
            }
        }
        return results
    }

    /// Writes one execution's part of a step.
    private static func apply(_ write: ExecutionWrite, at now: DatabaseValue, _ db: Database) throws -> ExecutionWriteResult {
        let state = String(decoding: write.state, as: UTF8.self)
        let status = write.endedReason == nil ? ExecutionRecord.Status.active : .ended
        let id: Int64
        let sequence: Int64
        let flow: String
        let version: String
        let conversation: Conversation
        switch write.target {
        case .new(let newFlow, let newVersion, let newConversation):
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO flow_executions
                        (flow, version, sender, contact, status, state, started_at, updated_at, ended_reason, step_sequence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """)
            do {
                try statement.execute(arguments: [
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
            // No RETURNING: SQLite gathers its rows in a temporary table, which cost more
            // than reading the few columns back by primary key.
            let update = try db.cachedStatement(
                sql: """
                    UPDATE flow_executions SET state = ?, status = ?, updated_at = ?, ended_reason = ?, step_sequence = step_sequence + 1
                    WHERE id = ? AND step_sequence = ? AND status = 'active'
                    """)
            try update.execute(arguments: [state, status.rawValue, now, write.endedReason, existingID, expected])
            let read = try db.cachedStatement(sql: "SELECT flow, version, sender, contact FROM flow_executions WHERE id = ?")
            guard db.changesCount == 1, let row = try Row.fetchOne(read, arguments: [existingID]) else {
                throw StoreError(
                    .conflict,
                    "Flow execution \(existingID) moved on (or ended) since step \(expected) was read; the step was not written. Read it again.",
                    isTransient: false)
            }
            id = existingID
            sequence = expected + 1
            flow = try row.decode(atIndex: 0)
            version = try row.decode(atIndex: 1)
            conversation = Conversation(sender: try row.decode(atIndex: 2), contact: try row.decode(atIndex: 3))
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
            try db.cachedStatement(sql: "DELETE FROM timers WHERE execution_id = ?").execute(arguments: [id])
            return
        }
        if !write.cancelledTimers.isEmpty {
            let statement = try db.cachedStatement(sql: "DELETE FROM timers WHERE execution_id = ? AND json_extract(payload, '$.ticket') = ?")
            for ticket in write.cancelledTimers {
                try statement.execute(arguments: [id, ticket])
            }
        }
        if !write.startedTimers.isEmpty {
            let statement = try db.cachedStatement(
                sql: "INSERT INTO timers (execution_id, fire_at, kind, payload) VALUES (?, ?, ?, json_object('ticket', ?))")
            for timer in write.startedTimers {
                try statement.execute(arguments: [id, StoredDate.databaseValue(timer.fireAt), timer.kind, timer.ticket])
            }
        }
    }

    /// Forgets the call the execution waited for and keeps the one it waits for now, if any.
    /// A new execution waited for none (a call's row goes with its execution).
    private static func writeHTTPCall(
        _ call: HTTPCallWrite?, execution id: Int64, isNew: Bool, ended: Bool, at now: DatabaseValue, _ db: Database
    ) throws {
        if !isNew {
            try db.cachedStatement(sql: "DELETE FROM flow_http_calls WHERE execution_id = ?").execute(arguments: [id])
        }
        guard let call, !ended else { return }
        try db.cachedStatement(sql: "INSERT INTO flow_http_calls (execution_id, call_id, request, created_at) VALUES (?, ?, ?, ?)")
            .execute(arguments: [id, call.callID, String(decoding: call.request, as: UTF8.self), now])
    }

    private static func count(_ counters: [String: Int], flow: String, version: String, _ db: Database) throws {
        guard !counters.isEmpty else { return }
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO flow_counters (flow, version, key, count) VALUES (?, ?, ?, ?)
                ON CONFLICT (flow, version, key) DO UPDATE SET count = count + excluded.count
                """)
        for (key, increment) in counters.sorted(by: { $0.key < $1.key }) where increment > 0 {
            try statement.execute(arguments: [flow, version, key, increment])
        }
    }
}

extension ExecutionWrite.Target {
    fileprivate var isNew: Bool {
        if case .new = self { true } else { false }
    }
}
