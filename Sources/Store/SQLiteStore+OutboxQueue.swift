import Foundation
import GRDB

extension SQLiteStore: OutboxStore {
    @discardableResult
    public func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage] {
        guard !messages.isEmpty else { return [] }
        let now = self.now()
        return try perform("enqueueing \(messages.count) outbox message(s)") {
            try writer.write { db in
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO outbox
                            (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at, burst)
                        VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)
                        ON CONFLICT (dedupe_key) DO NOTHING
                        """)
                let existing = try db.cachedStatement(sql: "SELECT id FROM outbox WHERE dedupe_key = ?")
                let link = try db.cachedStatement(
                    sql: """
                        UPDATE campaign_contacts SET outbox_id = ?, status = 'queued', updated_at = ?
                        WHERE campaign = ? AND phone = ? AND outbox_id IS NULL AND (status = 'pending' OR status = 'queued')
                        """)
                var results: [EnqueuedMessage] = []
                results.reserveCapacity(messages.count)
                for message in messages {
                    try insert.execute(arguments: [
                        message.dedupeKey, message.sender, message.recipient, message.origin.kind.rawValue, message.origin.name,
                        String(decoding: message.payload, as: UTF8.self), message.notBefore ?? now, now, now, message.isBurst,
                    ])
                    if db.changesCount > 0 {
                        let id = db.lastInsertedRowID
                        if message.origin.kind == .campaign {
                            try link.execute(arguments: [id, now, message.origin.name, message.recipient])
                        }
                        results.append(EnqueuedMessage(id: id, isNew: true))
                    } else {
                        let id = try Int64.fetchOne(existing, arguments: [message.dedupeKey]) ?? 0
                        results.append(EnqueuedMessage(id: id, isNew: false))
                    }
                }
                return results
            }
        }
    }

    public func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord] {
        guard !selections.isEmpty, limitEach > 0 else { return [] }
        return try perform("reading the queued outbox") {
            try writer.read { db in
                // `state = 'queued'` spelled out so SQLite picks the partial index.
                let byKind = try db.cachedStatement(
                    sql: "SELECT \(OutboxRecord.columns) FROM outbox WHERE state = 'queued' AND origin_kind = ? ORDER BY not_before, id LIMIT ?")
                let byName = try db.cachedStatement(
                    sql: """
                        SELECT \(OutboxRecord.columns) FROM outbox WHERE state = 'queued' AND origin_kind = ? AND origin_name = ?
                        ORDER BY not_before, id LIMIT ?
                        """)
                var seen: Set<Int64> = []
                var records: [OutboxRecord] = []
                for selection in selections {
                    let rows: [Row]
                    if let name = selection.name {
                        rows = try Row.fetchAll(byName, arguments: [selection.kind.rawValue, name, limitEach])
                    } else {
                        rows = try Row.fetchAll(byKind, arguments: [selection.kind.rawValue, limitEach])
                    }
                    for row in rows {
                        let record = try OutboxRecord(row: row)
                        if seen.insert(record.id).inserted { records.append(record) }
                    }
                }
                return records
            }
        }
    }

    public func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord? {
        try perform("claiming outbox message \(claim.id)") {
            try writer.write { db in
                // Business messages (campaigns, broadcasts, manual sends) honour the
                // suppression list from the next claim on: one to a contact who opted out
                // since it was queued is cancelled instead. Replies in a conversation are not.
                if let cancelled = try Row.fetchOne(
                    db,
                    sql: """
                        UPDATE outbox SET state = 'cancelled', error_code = '\(Self.optedOutCode)', error = 'the contact opted out', updated_at = ?
                        WHERE id = ? AND state = 'queued' AND origin_kind IN ('campaign', 'broadcast', 'manual')
                            AND recipient IN (SELECT phone FROM suppressions)
                        RETURNING \(OutboxRecord.columns)
                        """,
                    arguments: [claim.at, claim.id])
                {
                    let record = try OutboxRecord(row: cancelled)
                    try Self.setContactStatus(.cancelled, of: record.id, origin: record.origin, at: claim.at, db)
                    return nil
                }
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            UPDATE outbox SET state = 'sending', sender = ?, attempts = attempts + 1, sent_at = ?, updated_at = ?
                            WHERE id = ? AND state = 'queued'
                            RETURNING \(OutboxRecord.columns)
                            """,
                        arguments: [claim.sender, claim.countedAt, claim.at, claim.id])
                else { return nil }
                let record = try OutboxRecord(row: row)
                let campaign = record.origin.kind == .campaign ? record.origin.name : nil
                try db.execute(
                    sql: "INSERT INTO send_log (sender, recipient, sent_at, outbox_id, campaign) VALUES (?, ?, ?, ?, ?)",
                    arguments: [claim.sender, record.recipient, claim.countedAt, record.id, campaign])
                if let pacing = claim.senderPacing { try Self.write(pacing, of: claim.sender, db) }
                try Self.setContactStatus(.sending, of: record.id, origin: record.origin, at: claim.at, db)
                return record
            }
        }
    }

    public func outboxRecord(id: Int64) throws(StoreError) -> OutboxRecord? {
        try perform("reading outbox message \(id)") {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT \(OutboxRecord.columns) FROM outbox WHERE id = ?", arguments: [id]).map(OutboxRecord.init(row:))
            }
        }
    }

    /// Moves a campaign message's contact row along with the message.
    static func setContactStatus(_ state: OutboxState, of id: Int64, origin: OutboxOrigin, at now: Date, _ db: Database) throws {
        guard origin.kind == .campaign else { return }
        try db.execute(
            sql: "UPDATE campaign_contacts SET status = ?, updated_at = ? WHERE campaign = ? AND outbox_id = ?",
            arguments: [state.rawValue, now, origin.name, id])
    }
}

extension OutboxRecord {
    /// The columns ``init(row:)`` decodes, in its order: every read of whole rows selects
    /// them, so decoding goes by position (looking columns up by name cost a third of the
    /// dispatcher's time in debug builds).
    static let columns = """
        id, dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, attempts, not_before, provider_message_id, \
        error_code, error, sent_at, created_at, updated_at, burst
        """

    /// Decodes a row selected as ``columns``.
    init(row: Row) throws {
        let payload: String = try row.decode(atIndex: 6)
        self.init(
            id: try row.decode(atIndex: 0), dedupeKey: try row.decode(atIndex: 1), sender: try row.decode(atIndex: 2),
            recipient: try row.decode(atIndex: 3),
            origin: OutboxOrigin(kind: try row.decode(fromRawValueAt: 4, column: "origin_kind"), name: try row.decode(atIndex: 5)),
            payload: Data(payload.utf8), state: try row.decode(fromRawValueAt: 7, column: "state"), attempts: try row.decode(atIndex: 8),
            notBefore: try row.decode(atIndex: 9), providerMessageID: try row.decode(atIndex: 10), errorCode: try row.decode(atIndex: 11),
            error: try row.decode(atIndex: 12), sentAt: try row.decode(atIndex: 13), createdAt: try row.decode(atIndex: 14),
            updatedAt: try row.decode(atIndex: 15), isBurst: try row.decode(atIndex: 16))
    }
}

extension Row {
    /// Decodes the text at `index` into an enumeration; see ``decode(_:fromRawValueIn:)``.
    func decode<Value: RawRepresentable>(_ type: Value.Type = Value.self, fromRawValueAt index: Int, column: String) throws -> Value
    where Value.RawValue == String {
        let rawValue: String = try decode(atIndex: index)
        guard let value = Value(rawValue: rawValue) else {
            throw StoreError(
                .database,
                "The state database holds '\(rawValue)' in column \(column), which this engine does not know. "
                    + "Upgrade engine, or restore the database from a backup.")
        }
        return value
    }
}
