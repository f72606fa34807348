import Foundation
import GRDB

/// A line of the state's history, as stored.
public struct StoredEvent: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var kind: String
    /// `Kind/name` of the resource it is about, if any.
    public var resource: String?
    public var message: String

    public init(id: Int64, at: Date, kind: String, resource: String?, message: String) {
        self.id = id
        self.at = at
        self.kind = kind
        self.resource = resource
        self.message = message
    }
}

extension SQLiteStore {
    /// The id of the newest history line; 0 when there is none.
    public func latestEventID() throws(StoreError) -> Int64 {
        try perform("reading the history") {
            try writer.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM events") ?? 0 }
        }
    }

    /// The history lines after `id` whose kind is one of `kinds`, oldest first, at most `limit`.
    public func events(after id: Int64, kinds: [String], limit: Int = 100) throws(StoreError) -> [StoredEvent] {
        guard !kinds.isEmpty else { return [] }
        return try perform("reading the history") {
            try writer.read { db in
                let placeholders = Array(repeating: "?", count: kinds.count).joined(separator: ", ")
                var arguments: [any DatabaseValueConvertible] = [id]
                arguments += kinds
                arguments.append(limit)
                return try Row.fetchAll(
                    db, sql: "SELECT id, at, kind, resource, message FROM events WHERE id > ? AND kind IN (\(placeholders)) ORDER BY id LIMIT ?",
                    arguments: StatementArguments(arguments)
                ).map { row in
                    StoredEvent(
                        id: try row.decode(atIndex: 0), at: try row.storedDate(atIndex: 1), kind: try row.decode(atIndex: 2),
                        resource: try row.decode(atIndex: 3), message: try row.decode(atIndex: 4))
                }
            }
        }
    }
}
