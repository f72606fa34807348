import Foundation
import GRDB

extension SQLiteStore {
    /// Records what a sender's transport last reported about its connection (a gateway
    /// session's status, a Cloud API number's health check).
    ///
    /// Creates the sender's status row when `apply` has not yet (a sender paired before
    /// its first apply); health, failures and pauses are left as they are.
    public func setConnection(_ connection: SenderStatus.Connection, of sender: String) throws(StoreError) {
        try perform("recording the connection of sender '\(sender)'") {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO sender_status (name, connection) VALUES (?, ?)
                        ON CONFLICT (name) DO UPDATE SET connection = excluded.connection
                        """,
                    arguments: [sender, connection.rawValue])
            }
        }
    }
}

extension SQLiteStore {
    /// Lifts a sender's pause: clears the reason, forgives its failure streak and brings
    /// its health back to at least 50, the lowest the scheduler still picks.
    /// - Returns: the reason it was paused for, or nil when it was not paused (nothing changes then).
    @discardableResult
    public func resumeSender(_ sender: String) throws(StoreError) -> String? {
        try perform("resuming sender '\(sender)'") {
            try writer.write { db -> String? in
                guard let reason = try String.fetchOne(db, sql: "SELECT paused_reason FROM sender_status WHERE name = ?", arguments: [sender])
                else { return nil }
                try db.execute(
                    sql: """
                        UPDATE sender_status SET paused_reason = NULL, paused_at = NULL, consecutive_failures = 0, health = max(health, 50)
                        WHERE name = ?
                        """,
                    arguments: [sender])
                try db.execute(
                    sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, 'sender.resumed', ?, ?)",
                    arguments: [now(), "Sender/\(sender)", "resumed by hand after: \(reason)"])
                return reason
            }
        }
    }
}
