import Foundation
import GRDB

extension SQLiteStore {
    @discardableResult
    public func settle(_ settlement: OutboxSettlement) throws(StoreError) -> Bool {
        try perform("recording the outcome of outbox message \(settlement.id)") {
            try writer.write { db in
                var senders = SenderWrites()
                let changed = try Self.settle(settlement, senders: &senders, db)
                try senders.write(db)
                return changed
            }
        }
    }

    public func settle(_ settlements: [OutboxSettlement], claiming claims: [OutboxClaim]) throws(StoreError) -> [OutboxRecord?] {
        guard !settlements.isEmpty || !claims.isEmpty else { return [] }
        return try perform("recording \(settlements.count) outcome(s) and claiming \(claims.count) outbox message(s)") {
            try writer.write { db in
                // Each sender's row is written once, after the outcomes and claims.
                var senders = SenderWrites()
                for settlement in settlements {
                    try Self.settle(settlement, senders: &senders, db)
                }
                let claimed = try Self.claim(claims, pacing: &senders, db)
                try senders.write(db)
                return claimed
            }
        }
    }

    /// Writes one outcome inside the caller's transaction; see ``settle(_:)``. The
    /// sender's status is left in `senders` for the caller to write.
    ///
    /// Bound through the C API, as claims are. The row is not read back: a campaign's
    /// contact row is found by its outbox id, which an index covers (and other rows have
    /// none).
    @discardableResult
    static func settle(_ settlement: OutboxSettlement, senders: inout SenderWrites, _ db: Database) throws -> Bool {
        let at = StoredDate.databaseValue(settlement.at)
        let state: OutboxState
        let statement: BoundStatement
        let guarded = "WHERE id = ? AND state = 'sending'"
        switch settlement.result {
        case .sent(let providerMessageID):
            state = .sent
            statement = try BoundStatement(
                db, sql: "UPDATE outbox SET state = 'sent', provider_message_id = ?, error_code = NULL, error = NULL, updated_at = ? \(guarded)")
            statement.bind(providerMessageID, at: 1)
            statement.bind(at, at: 2)
            statement.bind(settlement.id, at: 3)
        case .retry(let notBefore, let error):
            state = .queued
            statement = try BoundStatement(
                db, sql: "UPDATE outbox SET state = 'queued', not_before = ?, error_code = ?, error = ?, updated_at = ? \(guarded)")
            statement.bind(notBefore, at: 1)
            statement.bind(error.code, at: 2)
            statement.bind(error.reason, at: 3)
            statement.bind(at, at: 4)
            statement.bind(settlement.id, at: 5)
        case .failed(let error):
            state = .failed
            statement = try BoundStatement(db, sql: "UPDATE outbox SET state = 'failed', error_code = ?, error = ?, updated_at = ? \(guarded)")
            statement.bind(error.code, at: 1)
            statement.bind(error.reason, at: 2)
            statement.bind(at, at: 3)
            statement.bind(settlement.id, at: 4)
        case .unknown(let error):
            state = .unknown
            statement = try BoundStatement(db, sql: "UPDATE outbox SET state = 'unknown', error_code = ?, error = ?, updated_at = ? \(guarded)")
            statement.bind(error.code, at: 1)
            statement.bind(error.reason, at: 2)
            statement.bind(at, at: 3)
            statement.bind(settlement.id, at: 4)
        }
        let changed = try statement.execute() == 1
        if changed, settlement.origin?.kind ?? .campaign == .campaign {
            let contact = try BoundStatement(db, sql: "UPDATE campaign_contacts SET status = ?, updated_at = ? WHERE outbox_id = ?")
            contact.bind(state.rawValue, at: 1)
            contact.bind(at, at: 2)
            contact.bind(settlement.id, at: 3)
            try contact.execute()
        }
        if let status = settlement.senderStatus {
            senders.record(status)
        }
        try insert(settlement.events, db)
        return changed
    }

    public func applyDelivery(_ update: DeliveryUpdate) throws(StoreError) -> DeliveryUpdateResult {
        try perform("applying the \(update.state.rawValue) status of message \(update.providerMessageID)") {
            try writer.write { db in
                // Provider ids are unique per provider; should two rows share one (a simulator
                // restarted without a run id), the newest is the one just sent.
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            SELECT id, state, origin_kind, origin_name FROM outbox
                            WHERE provider_message_id = ? ORDER BY id DESC LIMIT 1
                            """,
                        arguments: [update.providerMessageID])
                else { return .unknownMessage }
                let id: Int64 = try row.decode(forColumn: "id")
                let current: OutboxState = try row.decode(fromRawValueIn: "state")
                guard Self.delivery(from: current, to: update.state) else { return .stale(id: id, state: current) }
                try db.execute(
                    sql: """
                        UPDATE outbox SET state = ?, updated_at = ?,
                            delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END,
                            read_at = CASE WHEN ? = 'read' THEN ? ELSE read_at END,
                            error_code = coalesce(?, error_code), error = coalesce(?, error)
                        WHERE id = ?
                        """,
                    arguments: [
                        update.state.rawValue, update.at, update.state.rawValue, update.at, update.state.rawValue, update.at, update.error?.code,
                        update.error?.reason, id,
                    ])
                let origin = OutboxOrigin(kind: try row.decode(fromRawValueIn: "origin_kind"), name: try row.decode(forColumn: "origin_name"))
                try Self.setContactStatus(update.state, of: id, origin: origin, at: update.at, db)
                return .applied(id: id, state: update.state)
            }
        }
    }

    /// Whether a status moves a row: forward along `sent → delivered → read`, or to
    /// `failed` from `sent` or `delivered`. `read` and `failed` are final.
    private static func delivery(from current: OutboxState, to next: OutboxState) -> Bool {
        guard let from = current.deliveryRank else { return false }
        if next == .failed { return current != .read }
        guard let to = next.deliveryRank else { return false }
        return to > from
    }

    public func recoverInterruptedSends(at now: Date, resending: (OutboxOrigin) -> Bool) throws(StoreError) -> InterruptedSends {
        try perform("recovering messages interrupted mid-send") {
            try writer.write { db in
                var recovered = InterruptedSends()
                let rows = try Row.fetchAll(db, sql: "SELECT id, origin_kind, origin_name FROM outbox WHERE state = 'sending' ORDER BY id")
                for row in rows {
                    let id: Int64 = try row.decode(forColumn: "id")
                    let origin = OutboxOrigin(kind: try row.decode(fromRawValueIn: "origin_kind"), name: try row.decode(forColumn: "origin_name"))
                    let state: OutboxState
                    if resending(origin) {
                        state = .queued
                        recovered.requeued.append(id)
                        try db.execute(
                            sql: """
                                UPDATE outbox SET state = 'queued', not_before = ?, error_code = 'outbox.interrupted',
                                    error = 'the engine stopped while sending; queued again because the resource sets resendUnknown',
                                    updated_at = ?
                                WHERE id = ?
                                """,
                            arguments: [now, now, id])
                    } else {
                        state = .unknown
                        recovered.unknown.append(id)
                        try db.execute(
                            sql: """
                                UPDATE outbox SET state = 'unknown', error_code = 'outbox.interrupted',
                                    error = 'the engine stopped while sending; it may have gone out, so it is not sent again '
                                        || '(set resendUnknown on the resource to resend such messages)',
                                    updated_at = ?
                                WHERE id = ?
                                """,
                            arguments: [now, id])
                    }
                    try Self.setContactStatus(state, of: id, origin: origin, at: now, db)
                }
                if !rows.isEmpty {
                    let message =
                        "\(rows.count) message(s) were cut off mid-send by a stop: \(recovered.unknown.count) marked unknown (not sent again), "
                        + "\(recovered.requeued.count) queued again (resendUnknown)"
                    try Self.insert([EventRecord(at: now, kind: "outbox.interrupted", message: message)], db)
                }
                return recovered
            }
        }
    }

    /// Appends history lines.
    static func insert(_ events: [EventRecord], _ db: Database) throws {
        guard !events.isEmpty else { return }
        let statement = try db.cachedStatement(sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, ?, ?)")
        for event in events {
            try statement.execute(arguments: [event.at, event.kind, event.resource, event.message])
        }
    }
}
