import Foundation
import GRDB

extension SQLiteStore {
    public func lastInboundMessages(from contact: String) throws(StoreError) -> [String: Date] {
        try perform("reading when \(contact) last wrote") {
            try writer.read { db in
                // One range of `inbound_messages_by_contact`: max() per sender reads the
                // last entry of each (contact, sender) group.
                let statement = try db.cachedStatement(
                    sql: "SELECT sender, max(received_at) FROM inbound_messages WHERE contact = ? GROUP BY sender")
                var starts: [String: Date] = [:]
                let rows = try Row.fetchCursor(statement, arguments: [contact])
                while let row = try rows.next() {
                    if let date = try row.storedDateIfPresent(atIndex: 1) { starts[try row.decode(atIndex: 0)] = date }
                }
                return starts
            }
        }
    }

    public func latestInboundID() throws(StoreError) -> Int64 {
        try perform("reading the inbox") {
            try writer.read { db in
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM inbound_messages")) ?? 0
            }
        }
    }

    @discardableResult
    public func failQueued(_ id: Int64, error: OutboxError, at now: Date) throws(StoreError) -> Bool {
        try perform("failing outbox message \(id)") {
            try writer.write { db in
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql: """
                            UPDATE outbox SET state = 'failed', error_code = ?, error = ?, updated_at = ?
                            WHERE id = ? AND state = 'queued'
                            RETURNING origin_kind, origin_name
                            """,
                        arguments: [error.code, error.reason, now, id])
                else { return false }
                let origin = OutboxOrigin(kind: try row.decode(fromRawValueIn: "origin_kind"), name: try row.decode(forColumn: "origin_name"))
                try Self.setContactStatus(.failed, of: id, origin: origin, at: now, db)
                return true
            }
        }
    }
}
