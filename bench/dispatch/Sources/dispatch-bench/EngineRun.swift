import Foundation
import Runtime
import Scheduler
import Store
import Synchronization
import Transports

/// The dispatcher end to end, as `engine run` composes it: rows enqueued in the SQLite
/// outbox, then ``OutboxDispatcher/run()`` claiming them, sending them through one
/// simulator transport per sender and settling them, until every message is sent.
///
/// Quotas and pacing are off (quotas too large to bind, zero delays, no typing, no
/// provider limits). The simulator answers at once and emits its statuses at once; they
/// are drained and counted (the daemon would apply them to the outbox, which this
/// benchmark leaves out: it measures dispatch). The clock runs from the loop's start to
/// the moment the last send has settled.
///
/// As in `engine run`, whose flow runner holds it for the daemon's lifetime, the store's
/// maintenance runs: WAL checkpoints on a thread of their own rather than in the commit
/// that fills the WAL.
struct EngineRun {
    var path: String
    var messages: Int
    var senders: Int

    func run() async throws -> String {
        let store = try SQLiteStore(path: path)
        let maintenance = store.startMaintenance()
        defer { withExtendedLifetime(maintenance) {} }
        let enqueueStarted = ContinuousClock.now
        try Workload.enqueue(messages, into: store)
        let enqueueSeconds = (ContinuousClock.now - enqueueStarted).seconds
        let enqueuePeak = Memory.peakMiB()
        let profiles = Workload.senders(senders)
        let names = profiles.map(\.name)
        let simulators = Workload.simulators(names)
        let errors = Counter()
        let counting = CountingStore(store)
        let dispatcher = OutboxDispatcher(
            store: counting, transports: simulators.mapValues { $0 as any Transport }, senders: profiles,
            routes: Workload.routes(senders: names, pacing: PacingRule(minDelay: .zero, maxDelay: .zero, typing: nil)),
            report: { error in
                if errors.add() <= 5 { FileHandle.standardError.write(Data("dispatch: \(error)\n".utf8)) }
            })
        try await dispatcher.start()

        let accepted = Counter()
        let drains = simulators.values.map { simulator in
            Task {
                for await event in simulator.events {
                    if case .status(let status) = event, status.state == .sent { accepted.add() }
                }
            }
        }
        let started = ContinuousClock.now
        let loop = Task { try await dispatcher.run() }
        var lastCount = 0
        var lastProgress = ContinuousClock.now
        while accepted.value < messages {
            try await Task.sleep(for: .milliseconds(5))
            let count = accepted.value
            if count != lastCount {
                lastCount = count
                lastProgress = .now
            } else if ContinuousClock.now - lastProgress > .seconds(60) {
                throw BenchError("stalled at \(count) of \(messages) messages")
            }
        }
        await dispatcher.waitForSends()
        let seconds = (ContinuousClock.now - started).seconds
        let totals = counting.totals
        loop.cancel()
        try await loop.value
        for simulator in simulators.values { simulator.finish() }
        for drain in drains { await drain.value }

        let database = try RawDatabase(path: path)
        let sent = try database.integer("SELECT count(*) FROM outbox WHERE state = 'sent'")
        let logged = try database.integer("SELECT count(*) FROM send_log")
        guard sent == messages, logged == messages else {
            throw BenchError("\(sent) rows sent and \(logged) send log rows for \(messages) messages")
        }
        return String(
            format:
                "messages=%d senders=%d seconds=%.3f rate=%.0f commits=%d messages_per_commit=%.2f reads=%d rows_read_per_message=%.2f enqueue_seconds=%.3f "
                + "enqueue_rate=%.0f enqueue_peak_rss_mb=%.1f errors=%d",
            messages, senders, seconds, Double(messages) / seconds, totals.commits, Double(messages) / Double(max(1, totals.commits)),
            totals.reads, Double(totals.rowsRead) / Double(messages), enqueueSeconds, Double(messages) / enqueueSeconds, enqueuePeak, errors.value)
    }
}

/// A count shared between tasks.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)

    /// Adds one and returns the new count.
    @discardableResult
    func add() -> Int {
        count.add(1, ordering: .relaxed).newValue
    }

    var value: Int { count.load(ordering: .relaxed) }
}
