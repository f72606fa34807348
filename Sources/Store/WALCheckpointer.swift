import Foundation
import GRDB
import Synchronization

/// Checkpoints the WAL of a database on a thread of its own, so that commits do not.
///
/// SQLite checkpoints in the commit that takes the WAL past 1,000 pages: that commit copies
/// the pages into the database file and waits for two fsyncs. For the flow runner this was
/// a stall of several milliseconds every few dozen messages, the whole of its latency's
/// 99th percentile. While a checkpointer lives, the writing connection's own threshold is
/// raised to `ceilingPages` (the WAL's bound should this thread fall behind) and this
/// thread, on a connection of its own, runs a passive checkpoint every `interval`: it
/// copies what no reader still needs without ever blocking the writer or the readers.
///
/// Releasing it stops the thread (after the checkpoint in progress), closes its connection
/// and puts the writer's threshold back.
final class WALCheckpointer: Sendable {
    /// SQLite's default automatic checkpoint threshold, put back when the checkpointer stops.
    static let defaultThreshold = 1_000

    private final class Loop: Sendable {
        let isStopped = Atomic(false)
        let wake = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
    }

    private let loop = Loop()
    private let writer: any DatabaseWriter

    /// Opens a connection to `path` and starts checkpointing; `writer` is the store's writing connection.
    init(path: String, writer: any DatabaseWriter, interval: Duration, ceilingPages: Int) throws {
        var configuration = Configuration()
        configuration.label = "engine.checkpoint"
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
        let connection = try DatabaseQueue(path: path, configuration: configuration)
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(ceilingPages)") }
        self.writer = writer
        let loop = self.loop
        let milliseconds = Int(interval.components.seconds * 1_000 + interval.components.attoseconds / 1_000_000_000_000_000)
        let thread = Thread {
            while !loop.isStopped.load(ordering: .acquiring) {
                // A failed checkpoint (a busy lock, say) is tried again at the next tick.
                _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                _ = loop.wake.wait(timeout: .now() + .milliseconds(max(1, milliseconds)))
            }
            loop.finished.signal()
        }
        thread.name = "engine.wal-checkpoint"
        thread.start()
    }

    deinit {
        loop.isStopped.store(true, ordering: .releasing)
        loop.wake.signal()
        loop.finished.wait()
        try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.defaultThreshold)") }
    }
}
