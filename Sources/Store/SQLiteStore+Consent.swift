import Foundation
import GRDB

extension SQLiteStore {
    /// Records that `phone` opted out (`suppressed: true`, with `reason`) or back in, then
    /// queues `confirmation`; repeats (a webhook delivered twice) change nothing and queue
    /// nothing twice, as the confirmation's dedupe key names the inbound message.
    public func setSuppressed(_ suppressed: Bool, phone: String, reason: String, confirmation: NewOutboxMessage?) throws(StoreError) {
        let now = self.now()
        try perform("recording the consent of \(phone)") {
            try writer.write { db in
                let changed: Bool
                if suppressed {
                    try db.execute(
                        sql: "INSERT INTO suppressions (phone, reason, created_at) VALUES (?, ?, ?) ON CONFLICT (phone) DO NOTHING",
                        arguments: [phone, reason, now])
                    changed = db.changesCount > 0
                } else {
                    try db.execute(sql: "DELETE FROM suppressions WHERE phone = ?", arguments: [phone])
                    changed = db.changesCount > 0
                }
                if changed {
                    try db.execute(
                        sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, NULL, ?)",
                        arguments: [now, suppressed ? "contact.opted-out" : "contact.opted-in", "\(phone): \(reason)"])
                }
            }
        }
        if let confirmation { try enqueue([confirmation]) }
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
}
