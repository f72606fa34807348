import Foundation
import Store

/// The limit under the dispatcher's store: the rows the dispatcher writes per message,
/// written from C with prepared statements and nothing else (no reads, no decisions, no
/// transport, no sender status).
///
/// The rows are enqueued by ``SQLiteStore`` (untimed), so the schema, its indexes and the
/// data are the engine's. Per message: the claim (`UPDATE outbox … state = 'sending'` and
/// the `send_log` INSERT) and the settle (`UPDATE outbox … state = 'sent'`), in one of two
/// transaction shapes:
/// - `split`: the claim in one transaction and the settle in another, one message at a
///   time (two commits per message): the dispatcher's shape before the group commit;
/// - `grouped`: each transaction settles `batch` messages and claims the next `batch`
///   (one commit per `batch` messages): the group commit's shape, `batch` being the
///   messages per commit the engine achieved.
struct RawRun {
    var path: String
    var messages: Int
    var senders: Int
    var batch: Int
    var isGrouped: Bool

    func run() throws -> String {
        // The store's maintenance checkpoints the WAL on a thread of its own, as in the engine.
        let store = try SQLiteStore(path: path)
        try Workload.enqueue(messages, into: store)
        let maintenance = store.startMaintenance()
        defer { withExtendedLifetime((store, maintenance)) {} }
        let database = try RawDatabase(path: path)
        try database.execute("PRAGMA wal_autocheckpoint = 65536")
        try database.execute("PRAGMA synchronous = NORMAL")
        try database.execute("PRAGMA cache_size = -65536")
        try database.execute("PRAGMA foreign_keys = ON")
        let begin = try database.prepare("BEGIN IMMEDIATE")
        let commit = try database.prepare("COMMIT")
        let claim = try database.prepare(
            "UPDATE outbox SET state = 'sending', sender = ?, attempts = attempts + 1, sent_at = ?, updated_at = ? WHERE id = ? AND state = 'queued'")
        let log = try database.prepare("INSERT INTO send_log (sender, recipient, sent_at, outbox_id, campaign) VALUES (?, ?, ?, ?, NULL)")
        let settle = try database.prepare(
            """
            UPDATE outbox SET state = 'sent', provider_message_id = ?, error_code = NULL, error = NULL, updated_at = ?
            WHERE id = ? AND state = 'sending'
            """)
        let names = (0..<senders).map { "s\($0)" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS"

        func claimRows(_ numbers: Range<Int>, at now: String) throws {
            for number in numbers {
                let id = Int64(number + 1)
                let sender = names[number % senders]
                claim.bind(1, sender)
                claim.bind(2, now)
                claim.bind(3, now)
                claim.bind(4, id)
                try claim.run(changes: 1)
                log.bind(1, sender)
                log.bind(2, Workload.recipient(number))
                log.bind(3, now)
                log.bind(4, id)
                try log.run()
            }
        }
        func settleRows(_ numbers: Range<Int>, at now: String) throws {
            for number in numbers {
                settle.bind(1, "sim.\(names[number % senders]).\(number)")
                settle.bind(2, now)
                settle.bind(3, Int64(number + 1))
                try settle.run(changes: 1)
            }
        }

        let started = ContinuousClock.now
        var claimed = 0..<0
        while claimed.upperBound < messages || !claimed.isEmpty {
            let now = formatter.string(from: Date())
            let next = claimed.upperBound..<min(messages, claimed.upperBound + batch)
            if isGrouped {
                try begin.run()
                try settleRows(claimed, at: now)
                try claimRows(next, at: now)
                try commit.run()
            } else {
                try begin.run()
                try claimRows(next, at: now)
                try commit.run()
                try begin.run()
                try settleRows(next, at: now)
                try commit.run()
            }
            claimed = isGrouped ? next : next.upperBound..<next.upperBound
        }
        let seconds = (ContinuousClock.now - started).seconds
        let sent = try database.integer("SELECT count(*) FROM outbox WHERE state = 'sent'")
        guard sent == messages else { throw BenchError("raw: \(sent) rows sent of \(messages)") }
        return "shape=\(isGrouped ? "grouped" : "split") "
            + String(format: "messages=%d batch=%d seconds=%.3f rate=%.0f", messages, batch, seconds, Double(messages) / seconds)
    }
}
