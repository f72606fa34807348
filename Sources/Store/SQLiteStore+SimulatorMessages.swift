import Foundation
import GRDB

/// One send the simulator transport handled, as the store keeps it.
public struct SimulatorMessageRecord: Sendable, Hashable {
    public var id: Int64
    /// The simulator's id for the send (the provider message id when accepted).
    public var simulatorID: String
    public var sender: String
    public var recipient: String
    /// The message as JSON.
    public var content: String
    public var attempt: Int
    /// How the simulator classified the send: `accepted`, or the failure's code.
    public var outcome: String
    public var reason: String?
    public var latency: Duration
    public var recordedAt: Date

    public init(
        id: Int64 = 0, simulatorID: String, sender: String, recipient: String, content: String, attempt: Int, outcome: String, reason: String?,
        latency: Duration, recordedAt: Date
    ) {
        self.id = id; self.simulatorID = simulatorID; self.sender = sender; self.recipient = recipient; self.content = content
        self.attempt = attempt; self.outcome = outcome; self.reason = reason; self.latency = latency; self.recordedAt = recordedAt
    }
}

extension SQLiteStore {
    /// `v4-simulator-messages`: what the simulator transport "sent", so the demo, the API
    /// and `engine chat` can show simulated conversations after a restart. Released
    /// migrations never change; see ``migrator(now:)``.
    static let simulatorMessagesSchema = """
        CREATE TABLE simulator_messages (
            id INTEGER PRIMARY KEY NOT NULL,
            simulator_id TEXT NOT NULL,
            sender TEXT NOT NULL,
            recipient TEXT NOT NULL,
            content TEXT NOT NULL CHECK (json_valid(content)),
            attempt INTEGER NOT NULL CHECK (attempt >= 0),
            outcome TEXT NOT NULL,
            reason TEXT,
            latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0),
            recorded_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX simulator_messages_by_conversation ON simulator_messages (sender, recipient, id);
        CREATE INDEX simulator_messages_by_simulator_id ON simulator_messages (simulator_id);
        """

    /// Keeps one simulated send.
    public func recordSimulatorMessage(_ record: SimulatorMessageRecord) throws(StoreError) {
        let (seconds, attoseconds) = record.latency.components
        let milliseconds = max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        try perform("recording a simulated message") {
            try writer.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO simulator_messages
                            (simulator_id, sender, recipient, content, attempt, outcome, reason, latency_ms, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.simulatorID, record.sender, record.recipient, record.content, max(0, record.attempt), record.outcome, record.reason,
                        milliseconds, record.recordedAt,
                    ])
            }
        }
    }

    /// The simulated sends of `sender` (to `recipient` when given), oldest first, at most `limit`.
    public func simulatorMessages(sender: String, recipient: String? = nil, limit: Int = 1000) throws(StoreError) -> [SimulatorMessageRecord] {
        try perform("reading simulated messages") {
            try writer.read { db in
                var sql = "SELECT * FROM simulator_messages WHERE sender = ?"
                var arguments: StatementArguments = [sender]
                if let recipient {
                    sql += " AND recipient = ?"
                    arguments += [recipient]
                }
                sql += " ORDER BY id LIMIT ?"
                arguments += [max(0, limit)]
                return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    SimulatorMessageRecord(
                        id: row["id"], simulatorID: row["simulator_id"], sender: row["sender"], recipient: row["recipient"],
                        content: row["content"], attempt: row["attempt"], outcome: row["outcome"], reason: row["reason"],
                        latency: .milliseconds(row["latency_ms"] as Int64), recordedAt: row["recorded_at"])
                }
            }
        }
    }
}
