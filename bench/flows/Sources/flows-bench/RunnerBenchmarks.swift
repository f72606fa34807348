import Foundation
import Runtime

/// The two measurements of the runner itself.
enum RunnerBenchmarks {
    /// The outcome of one message: what the runner said (or the error it threw), and its latency.
    struct Outcome: Sendable {
        var message: Workload.Message
        var disposition: InboundDisposition?
        var error: String?
        /// From the scheduled time to the return of `handle`.
        var latency: Duration = .zero
        /// From the call of `handle` to its return.
        var service: Duration = .zero
    }

    /// Sends the warm-up starts, `concurrency` at a time, untimed.
    static func warmUp(_ world: RunnerWorld, concurrency: Int) async throws {
        let warmUp = world.workload.warmUp
        var tally = Tally()
        await pump(warmUp.count, concurrency: concurrency, world: world, message: { warmUp[$0] }) { tally.record($0) }
        guard tally.unexpected == 0 else {
            throw RunnerWorld.SetupError(description: "warm-up: \(tally.summary); first: \(tally.firstUnexpected ?? "-")")
        }
    }

    /// Sends `total` messages of the stream as fast as the runner takes them, `concurrency`
    /// in flight (never two of one contact: a contact's next message is `contacts` later).
    static func throughput(_ world: RunnerWorld, total: Int, concurrency: Int) async -> String {
        var tally = Tally()
        var errors = 0
        let started = ContinuousClock.now
        await pump(total, concurrency: concurrency, world: world, message: { world.workload.message(number: $0) }) { outcome in
            if outcome.error != nil { errors += 1 }
            tally.record(outcome)
        }
        let seconds = (ContinuousClock.now - started).seconds
        if let first = tally.firstUnexpected { FileHandle.standardError.write(Data("first unexpected: \(first)\n".utf8)) }
        return String(format: "messages=%d seconds=%.3f rate=%.0f errors=%d ", total, seconds, Double(total) / seconds, errors) + tally.summary
    }

    /// Sends `rate` messages a second for `seconds`, each at its scheduled instant whatever
    /// the earlier ones are doing, and reports the latency from that instant to the return
    /// of `handle` (so a stall counts against every message it delays).
    static func latency(_ world: RunnerWorld, rate: Int, seconds: Int) async -> String {
        let total = rate * seconds
        let interval = Duration.seconds(1) / rate
        let clock = ContinuousClock()
        let origin = clock.now + .milliseconds(200)
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(total)
        var lateness: [Duration] = []
        lateness.reserveCapacity(total)
        await withTaskGroup(of: Outcome.self) { group in
            for number in 0..<total {
                let deadline = origin + interval * number
                try? await clock.sleep(until: deadline, tolerance: .microseconds(20))
                lateness.append(clock.now - deadline)
                let message = world.workload.message(number: number)
                group.addTask { await handle(message, in: world, scheduled: deadline) }
            }
            for await outcome in group { outcomes.append(outcome) }
        }
        let elapsed = (clock.now - origin).seconds
        var tally = Tally()
        var errors = 0
        for outcome in outcomes {
            if outcome.error != nil { errors += 1 }
            tally.record(outcome)
        }
        if let first = tally.firstUnexpected { FileHandle.standardError.write(Data("first unexpected: \(first)\n".utf8)) }
        let latencies = Percentiles(outcomes.map(\.latency))
        let services = Percentiles(outcomes.map(\.service))
        let late = Percentiles(lateness)
        return String(
            format: "messages=%d seconds=%.3f achieved=%.0f errors=%d p50=%.3f p99=%.3f max=%.3f service_p50=%.3f service_p99=%.3f "
                + "schedule_p99=%.3f ",
            total, elapsed, Double(total) / elapsed, errors, latencies.milliseconds(0.50), latencies.milliseconds(0.99),
            latencies.milliseconds(1.0), services.milliseconds(0.50), services.milliseconds(0.99), late.milliseconds(0.99))
            + tally.summary
    }

    private static func handle(_ message: Workload.Message, in world: RunnerWorld, scheduled: ContinuousClock.Instant) async -> Outcome {
        let called = ContinuousClock.now
        var outcome = Outcome(message: message)
        do {
            outcome.disposition = try await world.handle(message)
        } catch {
            outcome.error = "\(error)"
        }
        let returned = ContinuousClock.now
        outcome.latency = returned - scheduled
        outcome.service = returned - called
        return outcome
    }

    /// Handles messages `0..<total` with at most `concurrency` in flight, reporting each outcome in completion order.
    private static func pump(
        _ total: Int, concurrency: Int, world: RunnerWorld, message: @escaping @Sendable (Int) -> Workload.Message,
        _ record: (Outcome) -> Void
    ) async {
        await withTaskGroup(of: Outcome.self) { group in
            var next = 0
            func add() {
                let item = message(next)
                next += 1
                group.addTask { await handle(item, in: world, scheduled: .now) }
            }
            for _ in 0..<min(concurrency, total) { add() }
            for await outcome in group {
                record(outcome)
                if next < total { add() }
            }
        }
    }
}

extension Tally {
    mutating func record(_ outcome: RunnerBenchmarks.Outcome) {
        guard let disposition = outcome.disposition else {
            unexpected += 1
            if firstUnexpected == nil { firstUnexpected = "\(outcome.message.text) from \(outcome.message.phone): \(outcome.error ?? "-")" }
            return
        }
        record(disposition, for: outcome.message)
    }
}

/// Order statistics of a set of durations.
struct Percentiles {
    private let sorted: [Duration]

    init(_ durations: [Duration]) {
        sorted = durations.sorted()
    }

    /// The `quantile` (0...1, nearest rank) in milliseconds; 0 when empty.
    func milliseconds(_ quantile: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((quantile * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)].seconds * 1_000
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
