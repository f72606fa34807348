import Foundation
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

@Suite("OutboxDispatcher across restarts", .timeLimit(.minutes(1)))
struct OutboxRestartTests {
    @Test("enqueueing the same dedupe key twice keeps one row")
    func dedupeKey() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let first = try await world.enqueue("campaign/spring/+15550200001", to: contact(1))
        let second = try await world.enqueue("campaign/spring/+15550200001", to: contact(1), message: OutboxPayload(text: "Other"))
        try await world.run()
        let third = try await world.enqueue("campaign/spring/+15550200001", to: contact(1))
        try await world.run()

        #expect(first.isNew)
        #expect(second == EnqueuedMessage(id: first.id, isNew: false))
        #expect(third == EnqueuedMessage(id: first.id, isNew: false))
        #expect(try world.outbox().count == 1)
        #expect(try world.scripted("a").sends.count == 1)
    }

    @Test("quota windows continue across restarts: no minute, hour or day window of the send log is ever over its limit")
    func quotasAcrossRestarts() async throws {
        let limits = QuotaLimits(perMinute: 5, perHour: 20, perDay: 50)
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a", limits: limits)])
        let flow = OutboxOrigin(kind: .flow, name: "support")
        for index in 0..<60 { try await world.enqueue("flow:\(index):0", to: contact(index), origin: flow, sender: "a") }

        var ticks = 0
        while let wake = try await world.dispatcher.runOnce(now: world.now), ticks < 10_000 {
            ticks += 1
            if ticks.isMultiple(of: 3) { try world.restart() }
            world.advance(to: wake)
        }

        #expect(try world.outbox().allSatisfy { $0.state == .sent })
        let instants = try world.sendLog().map(\.sentAt)
        #expect(instants.count == 60)
        for window in QuotaWindow.allCases {
            let busiest = instants.indices.map { index in
                instants[...index].count { $0 > instants[index].addingTimeInterval(-window.length) }
            }.max()
            #expect(busiest == limits[window], "the busiest \(window) window held \(busiest ?? 0) sends")
        }
        // The day quota held the last ten back until the first sends left the day window.
        #expect(instants[50].timeIntervalSince(instants[0]) >= 86_400)
    }

    @Test("a campaign's daily cap continues across restarts")
    func dailyCapAcrossRestarts() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        world.routes.campaigns["spring"]?.schedule = SendingSchedule(dailyCap: 3)
        try world.restart()
        for index in 0..<5 { try await world.enqueue("campaign/spring/\(index)", to: contact(index)) }
        let today = SendingSchedule().day(containing: world.now)

        var ticks = 0
        while let wake = try await world.dispatcher.runOnce(now: world.now), ticks < 1000 {
            ticks += 1
            try world.restart()
            world.advance(to: wake)
        }

        let instants = try world.sendLog().map(\.sentAt)
        #expect(instants.count == 5)
        #expect(instants.count { $0 >= today.start && $0 < today.end } == 3)
        #expect(instants.dropFirst(3).allSatisfy { $0 >= today.end })
    }

    @Test("over a long virtual period with restarts and crashes, no message is sent twice and every row settles")
    func longRunWithRestarts() async throws {
        let recorder = InMemorySimulatorRecorder()
        let senders = ["a", "b", "c"]
        func simulators(run: Int) -> [String: any Transport] {
            var transports: [String: any Transport] = [:]
            for (index, name) in senders.enumerated() {
                var configuration = SimulatorConfiguration(
                    senderName: name, senderPhone: "+1555000000\(index)", failureRate: 0.15, seed: UInt64(run * 10 + index),
                    undeliverable: ["+1555020009*"], rateLimitEvery: 9)
                configuration.runID = "r\(run)"
                transports[name] = SimulatorTransport(configuration: configuration, clock: TestClock(), recorder: recorder)
            }
            return transports
        }
        let world = try OutboxWorld(
            senders: senders.map { SenderProfile(name: $0, transportLimits: .none) }, transports: simulators(run: 0))
        let flow = OutboxOrigin(kind: .flow, name: "support")
        var enqueued = 0
        func enqueueWave() async throws {
            for _ in 0..<15 {
                if enqueued.isMultiple(of: 4) {
                    try await world.enqueue("flow:\(enqueued):0", to: contact(enqueued), origin: flow, sender: senders[enqueued % 2])
                } else {
                    try await world.enqueue("campaign/spring/\(contact(enqueued))", to: contact(enqueued))
                }
                enqueued += 1
            }
        }

        var run = 0
        var ticks = 0
        try await enqueueWave()
        while ticks < 20_000 {
            let wake = try await world.dispatcher.runOnce(now: world.now)
            ticks += 1
            if ticks.isMultiple(of: 7) {
                run += 1
                world.transports = simulators(run: run)
                // One process in four dies after two outcomes: what it sends next stays `sending`.
                try world.restart(store: { run.isMultiple(of: 4) ? SettleFailingStore($0, dyingAtSettle: 3) : $0 as any OutboxStore })
                if enqueued < 150 { try await enqueueWave() }
                continue
            }
            guard let wake else { break }
            world.advance(to: wake)
        }
        // A last, healthy process settles what the last one left.
        world.transports = simulators(run: run + 1)
        try world.restart()
        try await world.run()

        let rows = try world.outbox()
        #expect(rows.count == 150)
        let open = rows.filter { $0.state == .queued || $0.state == .sending }
        #expect(open.isEmpty, "every row settles: \(open.map(\.id))")
        let messages = await recorder.messages
        let byRecipient = Dictionary(grouping: messages, by: \.message.to)
        var accepted = 0
        for row in rows {
            let attempts = byRecipient[row.recipient] ?? []
            let acceptedIDs = attempts.compactMap { message -> String? in
                if case .accepted(let id, _) = message.outcome { return id }
                return nil
            }
            accepted += acceptedIDs.count
            #expect(acceptedIDs.count <= 1, "\(row.dedupeKey) was accepted \(acceptedIDs.count) times")
            if let last = attempts.last, case .accepted = last.outcome {
            } else if !acceptedIDs.isEmpty {
                Issue.record("\(row.dedupeKey) was sent again after the provider took it")
            }
            if row.state == .sent { #expect(row.providerMessageID == acceptedIDs.first) }
            if row.state == .failed || row.state == .queued { #expect(acceptedIDs.isEmpty) }
        }
        // The mix exercised every path.
        #expect(rows.count { $0.state == .sent } > 90)
        #expect(rows.contains { $0.state == .failed })
        #expect(rows.contains { $0.state == .unknown })
        #expect(rows.contains { $0.attempts > 1 })
        #expect(accepted >= rows.count { $0.state == .sent })
    }
}
