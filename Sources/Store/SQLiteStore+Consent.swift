import Foundation
import GRDB

/// A message to put in the outbox outside a flow step (auto-replies, opt-out confirmations).
public struct NewOutboxMessage: Sendable, Hashable {
    /// Unique per message: enqueueing the same key again is a no-op.
    public var dedupeKey: String
    /// The sender it must leave from (a reply keeps the contact's sender).
    public var sender: String?
    public var recipient: String
    /// `auto-reply`, `manual`, … (the outbox's `origin_kind`).
    public var originKind: String
    public var originName: String
    /// The message as JSON.
    public var payload: String
    /// Not sent before this date.
    public var notBefore: Date

    public init(
        dedupeKey: String, sender: String?, recipient: String, originKind: String, originName: String, payload: String, notBefore: Date
    ) {
        self.dedupeKey = dedupeKey; self.sender = sender; self.recipient = recipient; self.originKind = originKind
        self.originName = originName; self.payload = payload; self.notBefore = notBefore
    }
}

extension SQLiteStore {
    /// Puts `message` in the outbox unless its dedupe key is already there.
    /// - Returns: whether a row was added.
    @discardableResult
    public func enqueue(_ message: NewOutboxMessage) throws(StoreError) -> Bool {
        let now = self.now()
        return try perform("queueing a message") {
            try writer.write { db in try Self.insert(message, at: now, db) }
        }
    }

    /// Records that `phone` opted out (`suppressed: true`, with `reason`) or back in, and
    /// queues `confirmation`, in one transaction; repeats change nothing.
    public func setSuppressed(_ suppressed: Bool, phone: String, reason: String, confirmation: NewOutboxMessage?) throws(StoreError) {
        let now = self.now()
        try perform("recording the consent of \(phone)") {
            try writer.write { db in
                if suppressed {
                    try db.execute(
                        sql: "INSERT INTO suppressions (phone, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (phone) DO NOTHING",
                        arguments: [phone, reason, now])
                } else {
                    try db.execute(sql: "DELETE FROM suppressions WHERE phone = ?", arguments: [phone])
                }
                if let confirmation, try Self.insert(confirmation, at: now, db) {
                    try db.execute(
                        sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, NULL, ?)",
                        arguments: [now, suppressed ? "contact.opted-out" : "contact.opted-in", "\(phone): \(reason)"])
                }
            }
        }
    }

    /// Whether `phone` is on the suppression list.
    public func isSuppressed(_ phone: String) throws(StoreError) -> Bool {
        try perform("reading the suppression list") {
            try writer.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM suppressions WHERE phone = ?)", arguments: [phone]) ?? false
            }
        }
    }

    /// When auto-reply `name` last answered `recipient` (its scheduled send time), if ever.
    public func lastAutoReply(_ name: String, to recipient: String) throws(StoreError) -> Date? {
        try perform("reading auto-reply history") {
            try writer.read { db in
                try Date.fetchOne(
                    db,
                    sql: """
                        SELECT max(not_before) FROM outbox
                        WHERE origin_kind = 'auto-reply' AND origin_name = ? AND recipient = ?
                        """,
                    arguments: [name, recipient])
            }
        }
    }

    private static func insert(_ message: NewOutboxMessage, at now: Date, _ db: Database) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO outbox
                    (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)
                ON CONFLICT (dedupe_key) DO NOTHING
                """,
            arguments: [
                message.dedupeKey, message.sender, message.recipient, message.originKind, message.originName, message.payload,
                message.notBefore, now, now,
            ])
        return db.changesCount > 0
    }
}
