import Foundation
import GRDB

extension SQLiteStore {
    public func dispatchHistory(
        senders: [String], campaigns: [String], sendsSince: Date, campaignSendsSince: Date
    ) throws(StoreError) -> DispatchHistory {
        try perform("reading the send log and sender status") {
            try writer.read { db in
                var history = DispatchHistory()
                for row in try Row.fetchAll(db, sql: "SELECT * FROM sender_status") {
                    let status = try SenderDispatchStatus(row: row)
                    history.senders[status.name] = status
                }
                // One range read per sender and campaign, each on its index.
                let sends = try db.cachedStatement(sql: "SELECT sent_at FROM send_log WHERE sender = ? AND sent_at >= ? ORDER BY sent_at")
                let first = try db.cachedStatement(sql: "SELECT min(sent_at) FROM send_log WHERE sender = ?")
                for sender in senders {
                    let dates = try Date.fetchAll(sends, arguments: [sender, sendsSince])
                    if !dates.isEmpty { history.sends[sender] = dates }
                    if let date = try Date.fetchOne(first, arguments: [sender]) { history.firstSends[sender] = date }
                }
                let campaignSends = try db.cachedStatement(
                    sql: "SELECT sent_at FROM send_log WHERE campaign = ? AND sent_at >= ? ORDER BY sent_at")
                for campaign in campaigns {
                    let dates = try Date.fetchAll(campaignSends, arguments: [campaign, campaignSendsSince])
                    if !dates.isEmpty { history.campaignSends[campaign] = dates }
                }
                return history
            }
        }
    }

    public func saveSenderStatus(_ status: SenderDispatchStatus, events: [EventRecord]) throws(StoreError) {
        try perform("saving the status of sender '\(status.name)'") {
            try writer.write { db in
                try Self.write(status, db)
                try Self.insert(events, db)
            }
        }
    }

    /// Upserts a sender's dispatch columns, leaving its connection as it is.
    static func write(_ status: SenderDispatchStatus, _ db: Database) throws {
        let slowdownFactor = status.slowdown.map { min(1, max(Double.leastNonzeroMagnitude, $0.rateFactor)) }
        func stored(_ date: Date?) -> DatabaseValue { date.map(StoredDate.databaseValue) ?? .null }
        // Cached: the dispatcher writes a sender's status with every outcome.
        try db.cachedStatement(
            sql: """
                INSERT INTO sender_status
                    (name, health, consecutive_failures, last_used_at, paused_reason, paused_at, paused_cause, resumes_at,
                     backoff_until, slowdown_factor, slowdown_until, slowdown_reason, paced_until, spread_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET
                    health = excluded.health, consecutive_failures = excluded.consecutive_failures,
                    last_used_at = excluded.last_used_at, paused_reason = excluded.paused_reason, paused_at = excluded.paused_at,
                    paused_cause = excluded.paused_cause, resumes_at = excluded.resumes_at, backoff_until = excluded.backoff_until,
                    slowdown_factor = excluded.slowdown_factor, slowdown_until = excluded.slowdown_until,
                    slowdown_reason = excluded.slowdown_reason, paced_until = excluded.paced_until, spread_until = excluded.spread_until
                """
        ).execute(
            arguments: [
                status.name, min(100, max(0, status.health)), max(0, status.consecutiveFailures), stored(status.lastUsedAt),
                status.pause?.reason, stored(status.pause?.since), status.pause.map { $0.cause.isEmpty ? "unknown" : $0.cause },
                stored(status.pause?.resumesAt), stored(status.backoffUntil), slowdownFactor, stored(status.slowdown?.until),
                status.slowdown?.reason, stored(status.pacedUntil), stored(status.spreadUntil),
            ])
    }

    /// Upserts a sender's pacing columns alone.
    static func write(_ pacing: SenderPacing, of sender: String, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO sender_status (name, paced_until, spread_until) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET paced_until = excluded.paced_until, spread_until = excluded.spread_until
                """)
        try statement.execute(arguments: [sender, pacing.pacedUntil, pacing.spreadUntil])
    }
}

extension SenderDispatchStatus {
    /// Decodes a `sender_status` row. A pause written before `v5` (a reason without a
    /// cause) reads as a manual pause.
    init(row: Row) throws {
        var pause: Pause?
        if let reason: String = try row.decode(forColumn: "paused_reason") {
            pause = Pause(
                cause: try row.decode(String?.self, forColumn: "paused_cause") ?? "manual", reason: reason,
                since: try row.decode(Date?.self, forColumn: "paused_at") ?? .distantPast, resumesAt: try row.decode(forColumn: "resumes_at"))
        }
        var slowdown: Slowdown?
        if let factor: Double = try row.decode(forColumn: "slowdown_factor"), let until: Date = try row.decode(forColumn: "slowdown_until") {
            slowdown = Slowdown(rateFactor: factor, until: until, reason: try row.decode(String?.self, forColumn: "slowdown_reason") ?? "")
        }
        self.init(
            name: try row.decode(forColumn: "name"), health: try row.decode(forColumn: "health"),
            consecutiveFailures: try row.decode(forColumn: "consecutive_failures"), lastUsedAt: try row.decode(forColumn: "last_used_at"),
            pause: pause, backoffUntil: try row.decode(forColumn: "backoff_until"), slowdown: slowdown,
            pacedUntil: try row.decode(forColumn: "paced_until"), spreadUntil: try row.decode(forColumn: "spread_until"))
    }
}
