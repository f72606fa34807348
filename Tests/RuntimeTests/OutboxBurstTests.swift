import Foundation
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

@Suite("OutboxDispatcher burst and manual sends", .timeLimit(.minutes(1)))
struct OutboxBurstTests {
    static let manual = OutboxOrigin(kind: .manual, name: "engine send")

    /// Enqueues manual messages from `sender`, burst or paced.
    func enqueue(_ world: OutboxWorld, _ count: Int, burst: Bool, sender: String = "a", first: Int = 0) async throws {
        let messages = try (first..<(first + count)).map { index in
            try NewOutboxMessage(
                dedupeKey: "manual:\(burst):\(index)", recipient: contact(index), origin: Self.manual, message: OutboxPayload(text: "Hi"),
                sender: sender, isBurst: burst)
        }
        try await world.dispatcher.enqueue(messages)
    }

    @Test("burst messages go out back to back, with no pacing, while paced ones wait their pauses")
    func noPacing() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        try await enqueue(world, 5, burst: true)
        try await world.run()
        let burst = try world.sendLog().map(\.sentAt)
        #expect(burst.count == 5)
        #expect(burst.allSatisfy { $0 == burst[0] }, "no pause between burst messages")

        world.advance(by: .seconds(60))
        try await enqueue(world, 3, burst: false, first: 10)
        try await world.run()
        let paced = try world.sendLog().map(\.sentAt).dropFirst(5)
        #expect(zip(paced, paced.dropFirst()).allSatisfy { $1.timeIntervalSince($0) >= 2 })
    }

    @Test("burst messages never break the minute, hour or day windows")
    func quotasHold() async throws {
        let limits = QuotaLimits(perMinute: 4, perHour: 10, perDay: 12)
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a", limits: limits)])
        try await enqueue(world, 15, burst: true)

        try await world.run()

        let instants = try world.sendLog().map(\.sentAt)
        #expect(instants.count == 15)
        for window in QuotaWindow.allCases {
            let busiest = instants.indices.map { index in instants[...index].count { $0 > instants[index].addingTimeInterval(-window.length) } }
                .max()
            #expect(busiest == limits[window], "the busiest \(window) window held \(busiest ?? 0) sends")
        }
    }

    @Test("burst messages keep the pair limit to one contact")
    func pairLimitHolds() async throws {
        let profile = SenderProfile(
            name: "a", limits: OutboxWorld.roomyLimits, transportLimits: TransportLimits(pair: PairLimit(interval: .seconds(6), burst: 2)))
        let world = try OutboxWorld(senders: [profile])
        let messages = try (0..<4).map { index in
            try NewOutboxMessage(
                dedupeKey: "manual:\(index)", recipient: contact(1), origin: Self.manual, message: OutboxPayload(text: "Hi \(index)"),
                sender: "a", isBurst: true)
        }
        try await world.dispatcher.enqueue(messages)

        try await world.run()

        let instants = try world.sendLog().map(\.sentAt)
        #expect(instants.map { $0.timeIntervalSince(instants[0]).rounded() } == [0, 0, 6, 12])
    }

    @Test("a manual send goes out from the sender it names, never another")
    func namedSender() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a"), OutboxWorld.sender("b")])
        try await enqueue(world, 4, burst: true, sender: "b")

        try await world.run()

        #expect(try world.outbox().map(\.sender) == ["b", "b", "b", "b"])
        #expect(try world.scripted("a").sends.isEmpty)
    }
}
