import Foundation
import GRDB

/// An outbox row as readers outside the dispatcher see it.
public struct OutboxEntry: Sendable, Hashable {
    public var id: Int64
    public var sender: String?
    public var recipient: String
    public var originKind: String
    public var originName: String
    /// The message as JSON (the writer's payload type decodes it).
    public var payload: String
    public var state: String
    /// Not sent before this date (an auto-reply's delay, a retry's backoff).
    public var notBefore: Date
}

extension SQLiteStore {
    /// Outbox rows to `recipient` with an id above `id`, oldest first: what `engine test`
    /// and `engine chat` show the contact after each of its messages.
    public func outboxEntries(to recipient: String, after id: Int64) throws(StoreError) -> [OutboxEntry] {
        try perform("reading the outbox") {
            try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, sender, recipient, origin_kind, origin_name, payload, state, not_before FROM outbox
                        WHERE recipient = ? AND id > ? ORDER BY id
                        """,
                    arguments: [recipient, id]
                ).map { row in
                    OutboxEntry(
                        id: row["id"], sender: row["sender"], recipient: row["recipient"], originKind: row["origin_kind"],
                        originName: row["origin_name"], payload: row["payload"], state: row["state"], notBefore: row["not_before"])
                }
            }
        }
    }
}
