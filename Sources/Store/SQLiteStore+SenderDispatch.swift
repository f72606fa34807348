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
        // Bound through the C API: the dispatcher writes a sender's status with every outcome.
        let statement = try BoundStatement(
            db,
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
                """)
        statement.bind(status.name, at: 1)
        statement.bind(Int64(min(100, max(0, status.health))), at: 2)
        statement.bind(Int64(max(0, status.consecutiveFailures)), at: 3)
        statement.bind(status.lastUsedAt, at: 4)
        statement.bind(status.pause?.reason, at: 5)
        statement.bind(status.pause?.since, at: 6)
        statement.bind(status.pause.map { $0.cause.isEmpty ? "unknown" : $0.cause }, at: 7)
        statement.bind(status.pause?.resumesAt, at: 8)
        statement.bind(status.backoffUntil, at: 9)
        statement.bind(slowdownFactor, at: 10)
        statement.bind(status.slowdown?.until, at: 11)
        statement.bind(status.slowdown?.reason, at: 12)
        statement.bind(status.pacedUntil, at: 13)
        statement.bind(status.spreadUntil, at: 14)
        try statement.execute()
    }

    /// Upserts a sender's pacing columns alone.
    static func write(_ pacing: SenderPacing, of sender: String, _ db: Database) throws {
        let statement = try BoundStatement(
            db,
            sql: """
                INSERT INTO sender_status (name, paced_until, spread_until) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET paced_until = excluded.paced_until, spread_until = excluded.spread_until
                """)
        statement.bind(sender, at: 1)
        statement.bind(pacing.pacedUntil, at: 2)
        statement.bind(pacing.spreadUntil, at: 3)
        try statement.execute()
    }
}

/// The sender rows a transaction of outcomes and claims writes: each sender's row once,
/// as it stands after the transaction's last outcome and last claim of that sender.
///
/// An outcome writes the sender's whole status and a claim its pacing; in one transaction
/// the later writes would overwrite the earlier ones column for column, so writing the
/// merged result once leaves the same row with fewer statements.
struct SenderWrites {
    private var statuses: [String: SenderDispatchStatus] = [:]
    private var pacings: [String: SenderPacing] = [:]
    /// Senders in the order they were first recorded, so writes happen in a stable order.
    private var order: [String] = []

    /// Records a status written by an outcome; it replaces the sender's earlier status
    /// and pacing.
    mutating func record(_ status: SenderDispatchStatus) {
        if statuses[status.name] == nil, pacings[status.name] == nil { order.append(status.name) }
        statuses[status.name] = status
        pacings[status.name] = nil
    }

    /// Records pacing written by a claim after the outcomes recorded so far.
    mutating func record(_ pacing: SenderPacing, of sender: String) {
        if statuses[sender] == nil, pacings[sender] == nil { order.append(sender) }
        pacings[sender] = pacing
    }

    /// Writes each sender's row.
    func write(_ db: Database) throws {
        for sender in order {
            if var status = statuses[sender] {
                if let pacing = pacings[sender] {
                    status.pacedUntil = pacing.pacedUntil
                    status.spreadUntil = pacing.spreadUntil
                }
                try SQLiteStore.write(status, db)
            } else if let pacing = pacings[sender] {
                try SQLiteStore.write(pacing, of: sender, db)
            }
        }
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
