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
            try writer.read { db in try Self.queuedMessages(selections, limitEach: limitEach, db) }
        }
    }

    /// The queued rows of each selection, read in the caller's transaction; see ``queuedMessages(_:limitEach:)``.
    private static func queuedMessages(_ selections: [OutboxSelection], limitEach: Int, _ db: Database) throws -> [OutboxRecord] {
        // `state = 'queued'` spelled out so SQLite picks the partial index.
        let byName = try db.cachedStatement(
            sql: """
                SELECT \(OutboxRecord.columns) FROM outbox WHERE state = 'queued' AND origin_kind = ? AND origin_name = ?
                ORDER BY not_before, id LIMIT ?
                """)
        var seen: Set<Int64> = []
        var records: [OutboxRecord] = []
        for selection in selections {
            let names = try selection.name.map { [$0] } ?? Self.queuedNames(of: selection.kind, db)
            var selected: [OutboxRecord] = []
            for name in names {
                for row in try Row.fetchAll(byName, arguments: [selection.kind.rawValue, name, limitEach]) {
                    selected.append(try OutboxRecord(row: row))
                }
            }
            if names.count > 1 {
                selected.sort { ($0.notBefore, $0.id) < ($1.notBefore, $1.id) }
                selected.removeLast(max(0, selected.count - limitEach))
            }
            for record in selected where seen.insert(record.id).inserted {
                records.append(record)
            }
        }
        return records
    }

    /// The names of the resources of `kind` with queued rows, one index seek each.
    ///
    /// Reading a whole kind in one query (`origin_kind = ? ORDER BY not_before, id`) makes
    /// SQLite walk the `(state, not_before)` index over the queued rows of every kind: with
    /// a million campaign rows queued, each read of the (usually absent) replies scanned
    /// them all. The partial index is ordered by name within a kind, so the names come
    /// from it directly, and each name's rows are then read in their order.
    static func queuedNames(of kind: OutboxOrigin.Kind, _ db: Database) throws -> [String] {
        let first = try db.cachedStatement(sql: "SELECT min(origin_name) FROM outbox WHERE state = 'queued' AND origin_kind = ?")
        let next = try db.cachedStatement(
            sql: "SELECT min(origin_name) FROM outbox WHERE state = 'queued' AND origin_kind = ? AND origin_name > ?")
        var names: [String] = []
        var name = try String.fetchOne(first, arguments: [kind.rawValue])
        while let current = name {
            names.append(current)
            name = try String.fetchOne(next, arguments: [kind.rawValue, current])
        }
        return names
    }

    public func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord? {
        try perform("claiming outbox message \(claim.id)") {
            try writer.write { db in try Self.claim([claim], db)[0] }
        }
    }

    /// Takes claims inside the caller's transaction, in order; see ``claim(_:)``.
    ///
    /// Every statement is a cached one: the dispatcher claims thousands of rows a second,
    /// and preparing the SQL again each time cost more than running it. The suppression
    /// list is looked up per row only when it is not empty.
    static func claim(_ claims: [OutboxClaim], _ db: Database) throws -> [OutboxRecord?] {
        guard !claims.isEmpty else { return [] }
        let anySuppressed = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM suppressions)")) ?? true
        return try claims.map { try claim($0, checkingSuppressions: anySuppressed, db) }
    }

    private static func claim(_ claim: OutboxClaim, checkingSuppressions: Bool, _ db: Database) throws -> OutboxRecord? {
        let at = StoredDate.databaseValue(claim.at)
        // Business messages (campaigns, broadcasts, manual sends) honour the suppression
        // list from the next claim on: one to a contact who opted out since it was queued
        // is cancelled instead. Replies in a conversation are not.
        if checkingSuppressions, let cancelled = try Self.cancelIfSuppressed(claim.id, at: at, db) {
            try setContactStatus(.cancelled, of: claim.id, origin: cancelled, at: at, db)
            return nil
        }
        let take = try db.cachedStatement(
            sql: """
                UPDATE outbox SET state = 'sending', sender = ?, attempts = attempts + 1, sent_at = ?, updated_at = ?
                WHERE id = ? AND state = 'queued'
                RETURNING \(OutboxRecord.columns)
                """)
        let countedAt = StoredDate.databaseValue(claim.countedAt)
        guard let row = try Row.fetchOne(take, arguments: [claim.sender, countedAt, at, claim.id]) else { return nil }
        let record = try OutboxRecord(row: row)
        let campaign = record.origin.kind == .campaign ? record.origin.name : nil
        try db.cachedStatement(sql: "INSERT INTO send_log (sender, recipient, sent_at, outbox_id, campaign) VALUES (?, ?, ?, ?, ?)")
            .execute(arguments: [claim.sender, record.recipient, countedAt, record.id, campaign])
        if let pacing = claim.senderPacing { try Self.write(pacing, of: claim.sender, db) }
        try setContactStatus(.sending, of: record.id, origin: record.origin, at: at, db)
        return record
    }

    /// Cancels a queued business message to a contact on the suppression list.
    /// - Returns: its origin when it was cancelled.
    private static func cancelIfSuppressed(_ id: Int64, at: DatabaseValue, _ db: Database) throws -> OutboxOrigin? {
        let cancel = try db.cachedStatement(
            sql: """
                UPDATE outbox SET state = 'cancelled', error_code = '\(Self.optedOutCode)', error = 'the contact opted out', updated_at = ?
                WHERE id = ? AND state = 'queued' AND origin_kind IN ('campaign', 'broadcast', 'manual')
                    AND recipient IN (SELECT phone FROM suppressions)
                RETURNING origin_kind, origin_name
                """)
        guard let cancelled = try Row.fetchOne(cancel, arguments: [at, id]) else { return nil }
        return OutboxOrigin(kind: try cancelled.decode(fromRawValueAt: 0, column: "origin_kind"), name: try cancelled.decode(atIndex: 1))
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
        try setContactStatus(state, of: id, origin: origin, at: StoredDate.databaseValue(now), db)
    }

    /// ``setContactStatus(_:of:origin:at:_:)`` with the date already in its stored form.
    static func setContactStatus(_ state: OutboxState, of id: Int64, origin: OutboxOrigin, at now: DatabaseValue, _ db: Database) throws {
        guard origin.kind == .campaign else { return }
        try db.cachedStatement(sql: "UPDATE campaign_contacts SET status = ?, updated_at = ? WHERE campaign = ? AND outbox_id = ?")
            .execute(arguments: [state.rawValue, now, origin.name, id])
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

    /// Decodes a row selected as ``columns``. Dates go through ``StoredDate`` rather than
    /// GRDB's parser: the dispatcher reads four per row, thousands of rows a second.
    init(row: Row) throws {
        let payload: String = try row.decode(atIndex: 6)
        self.init(
            id: try row.decode(atIndex: 0), dedupeKey: try row.decode(atIndex: 1), sender: try row.decode(atIndex: 2),
            recipient: try row.decode(atIndex: 3),
            origin: OutboxOrigin(kind: try row.decode(fromRawValueAt: 4, column: "origin_kind"), name: try row.decode(atIndex: 5)),
            payload: Data(payload.utf8), state: try row.decode(fromRawValueAt: 7, column: "state"), attempts: try row.decode(atIndex: 8),
            notBefore: try row.storedDate(atIndex: 9), providerMessageID: try row.decode(atIndex: 10), errorCode: try row.decode(atIndex: 11),
            error: try row.decode(atIndex: 12), sentAt: try row.storedDateIfPresent(atIndex: 13), createdAt: try row.storedDate(atIndex: 14),
            updatedAt: try row.storedDate(atIndex: 15), isBurst: try row.decode(atIndex: 16))
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
