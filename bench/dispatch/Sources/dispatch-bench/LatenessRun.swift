import Foundation
import Runtime
import Scheduler
import Store
import Synchronization
import Transports

/// How late the dispatcher's paced wake-ups are: pacing on, `senders` senders each with a
/// pause of `minDelay...maxDelay` between its messages (no typing, quotas off), for
/// `seconds` on the real clock.
///
/// The dispatcher sleeps on a clock that wraps `ContinuousClock` and notes, for each
/// sleep that ran to its deadline (a sleep cut short by ``OutboxDispatcher/wake()`` is no
/// wake-up), how late it ended (`timer`), and how late the loop then read the time to
/// decide (`loop`: the next call of the dispatcher's `now`, which includes the hop back
/// onto the dispatcher's thread).
struct LatenessRun {
    var path: String
    var senders: Int
    var seconds: Int
    var minDelay: Duration
    var maxDelay: Duration

    func run() async throws -> String {
        let store = try SQLiteStore(path: path)
        let maintenance = store.startMaintenance()
        defer { withExtendedLifetime(maintenance) {} }
        let perSender = Int((Double(seconds) / minDelay.seconds).rounded(.up)) + 10
        try Workload.enqueue(senders * perSender, into: store)
        let profiles = Workload.senders(senders)
        let names = profiles.map(\.name)
        let simulators = Workload.simulators(names)
        let log = WakeLog()
        let clock = RecordingClock(log: log)
        let dispatcher = OutboxDispatcher(
            store: store, transports: simulators.mapValues { $0 as any Transport }, senders: profiles,
            routes: Workload.routes(senders: names, pacing: PacingRule(minDelay: minDelay, maxDelay: maxDelay, typing: nil)),
            clock: clock, now: { log.loopReadsTime() })
        try await dispatcher.start()
        let drains = simulators.values.map { simulator in Task { for await _ in simulator.events {} } }
        let loop = Task { try await dispatcher.run() }
        try await Task.sleep(for: .seconds(seconds))
        loop.cancel()
        try await loop.value
        for simulator in simulators.values { simulator.finish() }
        for drain in drains { await drain.value }

        let database = try RawDatabase(path: path)
        let sent = try database.integer("SELECT count(*) FROM outbox WHERE state = 'sent'")
        let (timer, loopLateness) = log.results()
        let timers = Percentiles(timer), loops = Percentiles(loopLateness)
        return String(
            format: "senders=%d seconds=%d sent=%d wakeups=%d p50=%.3f p99=%.3f max=%.3f timer_p50=%.3f timer_p99=%.3f timer_max=%.3f",
            senders, seconds, sent, loops.count, loops.milliseconds(0.5), loops.milliseconds(0.99), loops.milliseconds(1), timers.milliseconds(0.5),
            timers.milliseconds(0.99), timers.milliseconds(1))
    }
}

/// The wake-ups seen so far.
final class WakeLog: Sendable {
    private struct State {
        var timer: [Duration] = []
        var loop: [Duration] = []
        var awaitingLoop: ContinuousClock.Instant?
    }

    private let state = Mutex(State())

    /// A sleep ran to `deadline` and ended at `instant`.
    func woke(deadline: ContinuousClock.Instant, at instant: ContinuousClock.Instant) {
        state.withLock { state in
            state.timer.append(instant - deadline)
            state.awaitingLoop = deadline
        }
    }

    /// The dispatcher's `now`: also notes how late the first read after a wake-up is.
    func loopReadsTime() -> Date {
        let instant = ContinuousClock.now
        state.withLock { state in
            if let deadline = state.awaitingLoop {
                state.loop.append(instant - deadline)
                state.awaitingLoop = nil
            }
        }
        return Date()
    }

    func results() -> (timer: [Duration], loop: [Duration]) {
        state.withLock { ($0.timer, $0.loop) }
    }
}

/// `ContinuousClock`, noting each sleep that reaches its deadline in a ``WakeLog``.
struct RecordingClock: Clock {
    typealias Duration = Swift.Duration
    typealias Instant = ContinuousClock.Instant

    let log: WakeLog
    private let base = ContinuousClock()

    init(log: WakeLog) {
        self.log = log
    }

    var now: Instant { base.now }
    var minimumResolution: Duration { base.minimumResolution }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try await base.sleep(until: deadline, tolerance: tolerance)
        log.woke(deadline: deadline, at: base.now)
    }
}
