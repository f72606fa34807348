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
