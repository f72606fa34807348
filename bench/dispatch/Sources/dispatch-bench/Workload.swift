import Foundation
import Runtime
import Scheduler
import Store
import Transports

/// The messages, senders and routes every mode shares.
enum Workload {
    /// A short text, as a bulk send's.
    static let payload = Data(#"{"text":"Your order has shipped and will arrive tomorrow."}"#.utf8)

    /// Quotas too large to ever bind: with limits this high the scheduler's spreading gap
    /// (a window's length over its room) is below a date's resolution, so it spreads nothing.
    static let unlimited = QuotaLimits(perMinute: 1 << 62, perHour: 1 << 62, perDay: 1 << 62)

    /// Contact `number`'s phone: distinct for each message.
    static func recipient(_ number: Int) -> String {
        let digits = String(number)
        return "+1555" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// Message `number` (from 0): a manual send, no sender chosen yet.
    static func message(_ number: Int) -> NewOutboxMessage {
        NewOutboxMessage(
            dedupeKey: "bench/\(number)", recipient: recipient(number), origin: OutboxOrigin(kind: .manual, name: "bench"), payload: payload)
    }

    /// Enqueues messages `0..<count` through the store, 10,000 per transaction.
    static func enqueue(_ count: Int, into store: SQLiteStore) throws {
        var start = 0
        while start < count {
            let end = min(count, start + 10_000)
            try store.enqueue((start..<end).map(message))
            start = end
        }
    }

    /// `count` senders `s0`, `s1`… with quotas off and no provider limits.
    static func senders(_ count: Int) -> [SenderProfile] {
        (0..<count).map { SenderProfile(name: "s\($0)", limits: unlimited, transportLimits: .none) }
    }

    /// Manual sends on every sender with the pacing given (zero: pacing off).
    static func routes(senders: [String], pacing: PacingRule) -> OutboxRoutes {
        OutboxRoutes(manual: OutboxRoute(traffic: .business(campaign: nil, pacing: pacing), allowedSenders: senders))
    }

    /// A simulator transport for each sender: no latency, no failures, statuses at once.
    static func simulators(_ names: [String]) -> [String: SimulatorTransport<ContinuousClock>] {
        var transports: [String: SimulatorTransport<ContinuousClock>] = [:]
        for (index, name) in names.enumerated() {
            var configuration = SimulatorConfiguration(
                senderName: name, senderPhone: "+1555999\(1000 + index)", deliveredAfter: .zero, readAfter: .zero)
            configuration.runID = SimulatorConfiguration.newRunID()
            transports[name] = SimulatorTransport(configuration: configuration, clock: ContinuousClock(), recorder: DiscardingRecorder())
        }
        return transports
    }
}

/// Keeps nothing: the outbox is what the benchmark measures; a million simulated messages
/// kept in memory (or in a second table) would measure the recorder instead.
struct DiscardingRecorder: SimulatorRecorder {
    func record(_ message: SimulatedMessage) async {}
}

/// The process's memory.
enum Memory {
    /// The peak resident set size (VmHWM) in MiB; 0 when /proc cannot be read.
    static func peakMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kib = line.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
            return kib / 1024
        }
        return 0
    }
}

/// Nearest-rank percentiles of durations.
struct Percentiles {
    private let sorted: [Duration]

    init(_ durations: [Duration]) {
        sorted = durations.sorted()
    }

    var count: Int { sorted.count }

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
