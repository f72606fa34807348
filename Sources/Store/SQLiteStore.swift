import Foundation
import GRDB

/// The SQLite implementation of ``StateStore``: one database file in WAL mode, shared
/// by every engine process on this machine.
///
/// SQLite serializes write transactions itself (a writer waits up to 5 s for another
/// process before failing with a transient error). The writer lock
/// (``acquireLock(for:timeout:)``) is coarser and advisory: it keeps two `apply` or
/// `run` commands from interleaving their plans.
///
/// Dates are stored as UTC text with millisecond precision (GRDB's format, readable
/// in the `sqlite3` shell), so a date read back may differ from the one written by
/// less than a millisecond.
///
/// Every method blocks on I/O: call it from a thread of your own, never from Swift's
/// cooperative pool.
public final class SQLiteStore: StateStore {
    /// The database file, or `:memory:`; named in error messages.
    public let path: String
    let writer: any DatabaseWriter
    /// The wall clock for timestamps written to the database. Lock waits use a
    /// monotonic clock instead, so a test clock that stands still cannot hang them.
    let now: @Sendable () -> Date
    /// This machine's name, to tell whether a lock holder's pid can be checked here.
    let hostName: String

    /// Opens (creating it and its parent directories if needed) the database at `path`
    /// and migrates it to the schema this engine knows.
    ///
    /// When the file lives in a directory named `.engine`, a `.gitignore` containing
    /// `*` is written there (if missing) so the state never ends up in the
    /// configuration's git repository.
    ///
    /// - Parameter now: the clock for recorded timestamps; tests inject a fixed one.
    /// - Throws: `.cannotOpen` when the file or its directory cannot be created or
    ///   read; `.newerSchema` when a newer engine has migrated the database;
    ///   `.database` when a migration fails.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) {
        self.path = path
        self.now = now
        self.hostName = ProcessInfo.processInfo.hostName
        do {
            if path == Self.inMemoryPath {
                // A pool needs WAL, which an in-memory database cannot have.
                writer = try DatabaseQueue(configuration: Self.configuration())
            } else {
                try Self.prepareDirectory(of: path)
                writer = try DatabasePool(path: path, configuration: Self.configuration())
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .cannotOpen,
                "Cannot open the state database at \(path): \(Self.reason(error)). "
                    + "Check that it is an engine state database and that this user may read and write it and its directory.",
                underlying: error)
        }
        try migrate()
    }

    /// A fresh database in memory, gone when the store is released. For tests.
    public static func inMemory(now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> SQLiteStore {
        try SQLiteStore(path: inMemoryPath, now: now)
    }

    static let inMemoryPath = ":memory:"

    /// How every connection is set up.
    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.label = "engine.state"
        // GRDB runs `PRAGMA foreign_keys = ON` on every connection when this is set;
        // the schema relies on it (timers die with their execution).
        configuration.foreignKeysEnabled = true
        // Another engine process may hold the write lock for a moment (WAL allows one
        // writer); wait for it rather than fail at once.
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // WAL with synchronous = NORMAL survives any process crash; a power loss may
            // lose the last few commits but never corrupts the file. Debian builds
            // SQLite with FULL for WAL, which costs one fsync per commit (~11k
            // commits/s here against 55-100k with NORMAL).
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Importing a million contacts touches the table and its indexes all over;
            // a 64 MiB page cache (SQLite's default is 2 MiB) keeps them in memory. It
            // is a ceiling, not an allocation, but one per connection: the pool's readers
            // (up to five) keep 8 MiB each, or the dispatcher's reads of a million-row
            // outbox grew every reader's cache to the ceiling.
            try db.execute(sql: db.configuration.readonly ? "PRAGMA cache_size = -8192" : "PRAGMA cache_size = -65536")
        }
        return configuration
    }

    /// Creates the database's directory and, for `.engine/`, its `.gitignore`.
    private static func prepareDirectory(of path: String) throws(StoreError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true)
            let gitignore = directory.appendingPathComponent(".gitignore")
            if directory.lastPathComponent == ".engine", !fileManager.fileExists(atPath: gitignore.path) {
                // The state holds contacts and delivery history: keep it out of git.
                try Data("*\n".utf8).write(to: gitignore)
            }
        } catch {
            throw StoreError(
                .cannotOpen,
                "Cannot prepare the directory \(directory.path) for the state database: \(reason(error)). "
                    + "Check that this user may create files there.",
                underlying: error)
        }
    }

    /// Runs `body`, turning whatever it throws into a ``StoreError`` that says what
    /// the store was `doing`.
    func perform<Value>(_ doing: String, _ body: () throws -> Value) throws(StoreError) -> Value {
        do {
            return try body()
        } catch {
            throw StoreError(error, while: doing, at: path)
        }
    }

    /// The human part of an error: SQLite's message rather than GRDB's full dump.
    static func reason(_ error: any Error) -> String {
        if let databaseError = error as? DatabaseError {
            return databaseError.message ?? "\(databaseError.resultCode)"
        }
        return error.localizedDescription
    }
}
