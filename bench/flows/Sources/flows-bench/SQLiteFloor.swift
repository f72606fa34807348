import Foundation
import GRDBSQLite

/// The limit under the runner's store: SQLite itself, from C, one transaction per message.
///
/// Each message inserts one inbox row and updates one execution row (the contact's JSON
/// state) in one transaction, on a WAL database with `synchronous = NORMAL` like the
/// engine's store, with prepared statements and nothing else: no routing, no encoding.
/// With `splitsTransactions`, the insert commits on its own and a second transaction
/// updates the execution and marks the inbox row processed: the runner's shape (it stores
/// the message before it routes it). Runs on the calling thread, which it blocks.
struct SQLiteFloor {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var path: String
    var contacts: Int
    /// The size of the execution state written per message, about what the runner stores.
    var stateBytes = 700
    var splitsTransactions = false

    func run(messages total: Int) throws -> String {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK, let db = handle else { throw Failure(description: "cannot open \(path)") }
        defer { sqlite3_close(db) }
        func execute(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(db)))")
            }
        }
        func prepare(_ sql: String) throws -> OpaquePointer {
            var statement: OpaquePointer?
            guard sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                throw Failure(description: "\(sql): \(String(cString: sqlite3_errmsg(db)))")
            }
            return statement
        }
        func step(_ statement: OpaquePointer) throws {
            guard sqlite3_step(statement) == SQLITE_DONE else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(statement)
        }
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA cache_size = -65536")
        try execute(
            """
            CREATE TABLE inbound (id INTEGER PRIMARY KEY, provider_id TEXT NOT NULL UNIQUE, contact TEXT NOT NULL,
                body BLOB NOT NULL, received_at TEXT NOT NULL);
            CREATE TABLE executions (id INTEGER PRIMARY KEY, contact TEXT NOT NULL UNIQUE, state BLOB NOT NULL,
                sequence INTEGER NOT NULL, updated_at TEXT NOT NULL);
            """)
        let state = [UInt8](repeating: UInt8(ascii: "x"), count: stateBytes)
        let body = [UInt8](#"{"text":"hello wd00012k05 please","profileName":"Contact 12"}"#.utf8)
        let now = "2026-01-01 12:00:00.000"
        let seed = try prepare("INSERT INTO executions (contact, state, sequence, updated_at) VALUES (?, ?, 0, ?)")
        try execute("BEGIN")
        for contact in 0..<contacts {
            bindText(seed, 1, "+1555\(contact)")
            bindBlob(seed, 2, state)
            bindText(seed, 3, now)
            try step(seed)
        }
        try execute("COMMIT")
        sqlite3_finalize(seed)

        let begin = try prepare("BEGIN")
        let commit = try prepare("COMMIT")
        let insert = try prepare("INSERT INTO inbound (provider_id, contact, body, received_at) VALUES (?, ?, ?, ?)")
        let update = try prepare("UPDATE executions SET state = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?")
        let mark = try prepare("UPDATE inbound SET received_at = ? WHERE id = last_insert_rowid()")
        defer { for statement in [begin, commit, insert, update, mark] { sqlite3_finalize(statement) } }
        let started = ContinuousClock.now
        for number in 0..<total {
            let contact = number % contacts
            try step(begin)
            bindText(insert, 1, "wamid.floor.\(number)")
            bindText(insert, 2, "+1555\(contact)")
            bindBlob(insert, 3, body)
            bindText(insert, 4, now)
            try step(insert)
            if splitsTransactions {
                try step(commit)
                try step(begin)
                bindText(mark, 1, now)
                try step(mark)
            }
            bindBlob(update, 1, state)
            bindText(update, 2, now)
            sqlite3_bind_int64(update, 3, Int64(contact + 1))
            try step(update)
            try step(commit)
        }
        let seconds = (ContinuousClock.now - started).seconds
        return String(format: "messages=%d seconds=%.3f rate=%.0f", total, seconds, Double(total) / seconds)
    }

    private func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        // SQLITE_TRANSIENT: SQLite copies the bytes before the temporary C string goes away.
        sqlite3_bind_text(statement, index, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    }

    private func bindBlob(_ statement: OpaquePointer, _ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(statement, index, buffer.baseAddress, Int32(buffer.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}
