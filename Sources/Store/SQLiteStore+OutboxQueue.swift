import Foundation
import GRDB

extension SQLiteStore: OutboxStore {
    @discardableResult
    public func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage] {
        guard !messages.isEmpty else { return [] }
        let now = self.now()
        return try perform("enqueueing \(messages.count) outbox message(s)") {
            try writer.write { db in
                // Bound through the C API, dates in the store's text form: campaign feeders
                // and flows enqueue thousands of rows a second.
                let insert = try BoundStatement(
                    db,
                    sql: """
                        INSERT INTO outbox
                            (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at, burst)
                        VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)
                        ON CONFLICT (dedupe_key) DO NOTHING
                        """)
                let existing = try BoundStatement(db, sql: "SELECT id FROM outbox WHERE dedupe_key = ?")
                let link = try BoundStatement(
                    db,
                    sql: """
                        UPDATE campaign_contacts SET outbox_id = ?, status = 'queued', updated_at = ?
                        WHERE campaign = ? AND phone = ? AND outbox_id IS NULL AND (status = 'pending' OR status = 'queued')
                        """)
                let at = StoredDate.databaseValue(now)
                var results: [EnqueuedMessage] = []
                results.reserveCapacity(messages.count)
                for message in messages {
                    insert.bind(message.dedupeKey, at: 1)
                    insert.bind(message.sender, at: 2)
                    insert.bind(message.recipient, at: 3)
                    insert.bind(message.origin.kind.rawValue, at: 4)
                    insert.bind(message.origin.name, at: 5)
                    insert.bind(String(decoding: message.payload, as: UTF8.self), at: 6)
                    insert.bind(message.notBefore.map(StoredDate.databaseValue) ?? at, at: 7)
                    insert.bind(at, at: 8)
                    insert.bind(at, at: 9)
                    insert.bind(Int64(message.isBurst ? 1 : 0), at: 10)
                    if try insert.execute() > 0 {
                        let id = db.lastInsertedRowID
                        if message.origin.kind == .campaign {
                            link.bind(id, at: 1)
                            link.bind(at, at: 2)
                            link.bind(message.origin.name, at: 3)
                            link.bind(message.recipient, at: 4)
                            try link.execute()
                        }
                        results.append(EnqueuedMessage(id: id, isNew: true))
                    } else {
                        existing.bind(message.dedupeKey, at: 1)
                        let id = try existing.first { $0.integer(0) } ?? 0
                        results.append(EnqueuedMessage(id: id, isNew: false))
                    }
                }
                return results
            }
        }
    }

    public func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord] {
        try queuedMessages(selections, limitEach: limitEach, recipient: nil)
    }

    /// ``queuedMessages(_:limitEach:)`` for one recipient's rows only (nil: everyone's),
    /// the limit counting that recipient's rows.
    public func queuedMessages(_ selections: [OutboxSelection], limitEach: Int, recipient: String?) throws(StoreError) -> [OutboxRecord] {
        guard !selections.isEmpty, limitEach > 0 else { return [] }
        return try perform("reading the queued outbox") {
            try writer.read { db in try Self.queuedMessages(selections, limitEach: limitEach, recipient: recipient, db) }
        }
    }

    /// The queued rows of each selection, read in the caller's transaction; see ``queuedMessages(_:limitEach:)``.
    private static func queuedMessages(_ selections: [OutboxSelection], limitEach: Int, recipient: String?, _ db: Database) throws
        -> [OutboxRecord]
    {
        // `state = 'queued'` spelled out so SQLite picks the partial index. Read through the
        // C API: the dispatcher reads every message at least once this way.
        let byName = try BoundStatement(
            db,
            sql: """
                SELECT \(OutboxRecord.columns) FROM outbox WHERE state = 'queued' AND origin_kind = ?1 AND origin_name = ?2
                    \(recipient == nil ? "" : "AND recipient = ?4")
                ORDER BY not_before, id LIMIT ?3
                """)
        var seen: Set<Int64> = []
        var records: [OutboxRecord] = []
        for selection in selections {
            let names = try selection.name.map { [$0] } ?? Self.queuedNames(of: selection.kind, db)
            var selected: [OutboxRecord] = []
            for name in names {
                byName.bind(selection.kind.rawValue, at: 1)
                byName.bind(name, at: 2)
                byName.bind(Int64(limitEach), at: 3)
                if let recipient { byName.bind(recipient, at: 4) }
                try byName.forEach { columns in selected.append(try OutboxRecord(columns: columns)) }
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
    /// The dispatcher claims thousands of rows a second, so every statement is a cached
    /// one bound through SQLite's C API (``BoundStatement``), and the claimed row is read
    /// back by its key rather than with `RETURNING` (which gathers rows in a temporary
    /// table). The suppression list is looked up per row only when it is not empty, and
    /// each sender's pacing is written once, as of its last claim.
    static func claim(_ claims: [OutboxClaim], _ db: Database) throws -> [OutboxRecord?] {
        guard !claims.isEmpty else { return [] }
        var pacing = SenderWrites()
        let records = try claim(claims, pacing: &pacing, db)
        try pacing.write(db)
        return records
    }

    /// Takes claims; the senders' pacing is left in `pacing` for the caller to write.
    static func claim(_ claims: [OutboxClaim], pacing: inout SenderWrites, _ db: Database) throws -> [OutboxRecord?] {
        guard !claims.isEmpty else { return [] }
        let anySuppressed = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM suppressions)")) ?? true
        let statements = try ClaimStatements(db)
        var records: [OutboxRecord?] = []
        records.reserveCapacity(claims.count)
        for claim in claims {
            let record = try Self.claim(claim, checkingSuppressions: anySuppressed, statements, db)
            if record != nil, let senderPacing = claim.senderPacing { pacing.record(senderPacing, of: claim.sender) }
            records.append(record)
        }
        return records
    }

    /// The statements of a claim, bound through the C API.
    private struct ClaimStatements {
        let take: BoundStatement
        let read: BoundStatement
        let log: BoundStatement

        init(_ db: Database) throws {
            take = try BoundStatement(
                db,
                sql: """
                    UPDATE outbox SET state = 'sending', sender = ?, attempts = attempts + 1, sent_at = ?, updated_at = ?
                    WHERE id = ? AND state = 'queued'
                    """)
            read = try BoundStatement(db, sql: "SELECT \(OutboxRecord.columns) FROM outbox WHERE id = ?")
            log = try BoundStatement(db, sql: "INSERT INTO send_log (sender, recipient, sent_at, outbox_id, campaign) VALUES (?, ?, ?, ?, ?)")
        }
    }

    private static func claim(_ claim: OutboxClaim, checkingSuppressions: Bool, _ statements: ClaimStatements, _ db: Database) throws
        -> OutboxRecord?
    {
        let at = StoredDate.databaseValue(claim.at)
        // Business messages (campaigns, broadcasts, manual sends) honour the suppression
        // list from the next claim on: one to a contact who opted out since it was queued
        // is cancelled instead. Replies in a conversation are not.
        if checkingSuppressions, let cancelled = try Self.cancelIfSuppressed(claim.id, at: at, db) {
            try setContactStatus(.cancelled, of: claim.id, origin: cancelled, at: at, db)
            return nil
        }
        let countedAt = StoredDate.databaseValue(claim.countedAt)
        let take = statements.take
        take.bind(claim.sender, at: 1)
        take.bind(countedAt, at: 2)
        take.bind(at, at: 3)
        take.bind(claim.id, at: 4)
        guard try take.execute() == 1 else { return nil }
        let record: OutboxRecord
        if var queued = claim.queued, queued.id == claim.id {
            // What the UPDATE just wrote, dates as the store keeps them.
            queued.state = .sending
            queued.sender = claim.sender
            queued.attempts += 1
            queued.sentAt = StoredDate.date(from: countedAt)
            queued.updatedAt = StoredDate.date(from: at) ?? claim.at
            record = queued
        } else {
            statements.read.bind(claim.id, at: 1)
            guard let read = try statements.read.first(OutboxRecord.init(columns:)) else { return nil }
            record = read
        }
        let log = statements.log
        log.bind(claim.sender, at: 1)
        log.bind(record.recipient, at: 2)
        log.bind(countedAt, at: 3)
        log.bind(record.id, at: 4)
        log.bind(record.origin.kind == .campaign ? record.origin.name : nil, at: 5)
        try log.execute()
        try setContactStatus(.sending, of: record.id, origin: record.origin, at: at, db)
        return record
    }

    /// Cancels a queued business message to a contact on the suppression list.
    /// - Returns: its origin when it was cancelled.
    private static func cancelIfSuppressed(_ id: Int64, at: DatabaseValue, _ db: Database) throws -> OutboxOrigin? {
        let cancel = try BoundStatement(
            db,
            sql: """
                UPDATE outbox SET state = 'cancelled', error_code = '\(Self.optedOutCode)', error = 'the contact opted out', updated_at = ?
                WHERE id = ? AND state = 'queued' AND origin_kind IN ('campaign', 'broadcast', 'manual')
                    AND recipient IN (SELECT phone FROM suppressions)
                RETURNING origin_kind, origin_name
                """)
        cancel.bind(at, at: 1)
        cancel.bind(id, at: 2)
        return try cancel.first { columns in
            OutboxOrigin(kind: try OutboxOrigin.Kind(stored: columns.text(0), column: "origin_kind"), name: columns.text(1))
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
        try setContactStatus(state, of: id, origin: origin, at: StoredDate.databaseValue(now), db)
    }

    /// ``setContactStatus(_:of:origin:at:_:)`` with the date already in its stored form.
    static func setContactStatus(_ state: OutboxState, of id: Int64, origin: OutboxOrigin, at now: DatabaseValue, _ db: Database) throws {
        guard origin.kind == .campaign else { return }
        let statement = try BoundStatement(db, sql: "UPDATE campaign_contacts SET status = ?, updated_at = ? WHERE campaign = ? AND outbox_id = ?")
        statement.bind(state.rawValue, at: 1)
        statement.bind(now, at: 2)
        statement.bind(origin.name, at: 3)
        statement.bind(id, at: 4)
        try statement.execute()
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

extension OutboxRecord {
    /// Decodes a row selected as ``columns``, read through the C API.
    init(columns: BoundStatement.Columns) throws {
        self.init(
            id: columns.integer(0), dedupeKey: columns.text(1), sender: columns.optionalText(2), recipient: columns.text(3),
            origin: OutboxOrigin(kind: try OutboxOrigin.Kind(stored: columns.text(4), column: "origin_kind"), name: columns.text(5)),
            payload: columns.data(6), state: try OutboxState(stored: columns.text(7), column: "state"), attempts: Int(columns.integer(8)),
            notBefore: try columns.storedDate(9), providerMessageID: columns.optionalText(10), errorCode: columns.optionalText(11),
            error: columns.optionalText(12), sentAt: try columns.storedDateIfPresent(13),
            createdAt: try columns.storedDate(14), updatedAt: try columns.storedDate(15), isBurst: columns.integer(16) != 0)
    }
}
