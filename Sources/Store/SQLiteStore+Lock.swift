import Foundation
import GRDB

extension SQLiteStore {
    /// Takes the writer lock for `holder`, polling every 50 ms for up to `timeout`.
    ///
    /// A lock held by a process on this host that no longer runs is taken over, and
    /// an event records it. A holder on another host cannot be checked from here, so
    /// its lock is only ever released by that holder (or by hand). Taking a lock this
    /// holder (same id) already has succeeds.
    ///
    /// This blocks the calling thread while it waits (`Thread.sleep`); keep it off
    /// Swift's cooperative pool.
    ///
    /// - Parameter timeout: how long to wait for another holder; zero (or less) means
    ///   one try. Measured on a monotonic clock, not the store's `now`.
    /// - Returns: the holder as stored, `acquiredAt` being the time it got the lock.
    /// - Throws: `.locked`, with ``StoreError/holder`` set, when the wait runs out.
    public func acquireLock(for holder: LockHolder, timeout: Duration) throws(StoreError) -> LockHolder {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let current = try tryLock(for: holder)
            if current.id == holder.id {
                return current
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else {
                throw lockedError(heldBy: current)
            }
            Thread.sleep(forTimeInterval: Self.seconds(min(remaining, .milliseconds(50))))
        }
    }

    /// Releases the lock if `holder` (by id) still holds it; otherwise does nothing,
    /// so a holder whose lock was taken over cannot release its successor's.
    public func releaseLock(_ holder: LockHolder) throws(StoreError) {
        try perform("releasing the writer lock") {
            try writer.write { db in
                try db.execute(sql: "DELETE FROM locks WHERE name = 'writer' AND holder_id = ?", arguments: [holder.id])
            }
        }
    }

    /// Who holds the lock now, if anyone.
    public func lockHolder() throws(StoreError) -> LockHolder? {
        try perform("reading the writer lock") {
            try writer.read { db in
                try Row.fetchOne(db, sql: "SELECT * FROM locks WHERE name = 'writer'").map(LockHolder.init(row:))
            }
        }
    }

    /// One attempt, in one write transaction so that two contenders cannot both see
    /// the lock free. Returns the holder after the attempt: `holder` itself when it
    /// got the lock, someone else otherwise.
    private func tryLock(for holder: LockHolder) throws(StoreError) -> LockHolder {
        try perform("taking the writer lock") {
            try writer.write { db in
                let now = self.now()
                if let row = try Row.fetchOne(db, sql: "SELECT * FROM locks WHERE name = 'writer'") {
                    let current = try LockHolder(row: row)
                    if current.id == holder.id {
                        return current
                    }
                    guard isGone(current) else {
                        return current
                    }
                    try db.execute(
                        sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, 'lock.taken-over', NULL, ?)",
                        arguments: [
                            now,
                            "`engine \(holder.command)` (pid \(holder.pid) on \(holder.host)) took over the writer lock "
                                + "from \(current), whose process no longer runs.",
                        ])
                }
                let stored = try Row.fetchOne(
                    db,
                    sql: """
                        INSERT INTO locks (name, holder_id, command, pid, host, acquired_at)
                        VALUES ('writer', ?, ?, ?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET
                            holder_id = excluded.holder_id,
                            command = excluded.command,
                            pid = excluded.pid,
                            host = excluded.host,
                            acquired_at = excluded.acquired_at
                        RETURNING *
                        """,
                    arguments: [holder.id, holder.command, holder.pid, holder.host, now])
                // RETURNING after an upsert always yields the row; read it back so the
                // caller sees the stored (millisecond) time that `lockHolder()` reports.
                return try stored.map(LockHolder.init(row:)) ?? holder
            }
        }
    }

    /// Whether `holder`'s process is known to have ended: it ran on this host and no
    /// process has its pid (`kill(pid, 0)` fails with ESRCH; EPERM means it runs
    /// under another user). A pid that is not positive cannot be a live holder.
    private func isGone(_ holder: LockHolder) -> Bool {
        guard holder.host == hostName else { return false }
        guard holder.pid > 0 else { return true }
        return kill(holder.pid, 0) != 0 && errno == ESRCH
    }

    private func lockedError(heldBy holder: LockHolder) -> StoreError {
        let advice =
            holder.host == hostName
            ? "Wait for it to finish, or stop it (pid \(holder.pid)), then try again."
            : "Wait for it to finish, or stop it on \(holder.host), then try again. This host cannot tell whether "
                + "that process still runs: if it is gone, delete the lock with "
                + "`sqlite3 \(path) \"DELETE FROM locks\"`."
        return StoreError(.locked, "The state is locked by \(holder). \(advice)", holder: holder)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

extension LockHolder {
    fileprivate init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "holder_id"),
            command: try row.decode(forColumn: "command"),
            pid: try row.decode(forColumn: "pid"),
            host: try row.decode(forColumn: "host"),
            acquiredAt: try row.decode(forColumn: "acquired_at"))
    }
}
