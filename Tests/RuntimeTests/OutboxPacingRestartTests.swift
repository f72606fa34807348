import Foundation
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

@Suite("OutboxDispatcher pacing across restarts", .timeLimit(.minutes(1)))
struct OutboxPacingRestartTests {
    /// The shortest time between two sends of each sender in the send log.
    func shortestGaps(_ world: OutboxWorld) throws -> [String: TimeInterval] {
        var gaps: [String: TimeInterval] = [:]
        for (sender, sends) in Dictionary(grouping: try world.sendLog(), by: \.sender) {
            let instants = sends.map(\.sentAt).sorted()
            gaps[sender] = zip(instants, instants.dropFirst()).map { $1.timeIntervalSince($0) }.min()
        }
        return gaps
    }

    @Test("restarting after every tick never sends two paced messages of a sender closer than the minimum delay")
    func restartEveryTick() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a"), OutboxWorld.sender("b")])
        for index in 0..<20 { try await world.enqueue("campaign/spring/\(contact(index))", to: contact(index)) }

        var ticks = 0
        while let wake = try await world.dispatcher.runOnce(now: world.now), ticks < 2000 {
            ticks += 1
            try world.restart()
            world.advance(to: wake)
        }

        #expect(try world.outbox().allSatisfy { $0.state == .sent })
        let gaps = try shortestGaps(world)
        #expect(gaps.keys.sorted() == ["a", "b"])
        for (sender, gap) in gaps { #expect(gap >= 2, "\(sender) sent twice \(gap) s apart") }
    }

    @Test("a crash between a paced send and its outcome keeps the pause: the next send after the restart still waits")
    func crashBeforeOutcome() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        for index in 0..<6 { try await world.enqueue("campaign/spring/\(contact(index))", to: contact(index)) }

        for _ in 0..<3 {
            // The process dies before writing its first outcome: that row stays `sending`.
            world.wrapStore { SettleFailingStore($0, dyingAtSettle: 1) }
            var wake = try await world.dispatcher.runOnce(now: world.now)
            while try world.outbox().allSatisfy({ $0.state != .sending }), let next = wake {
                world.advance(to: next)
                wake = try await world.dispatcher.runOnce(now: world.now)
            }
            try world.restart()
        }
        try await world.run()

        let rows = try world.outbox()
        #expect(rows.count { $0.state == .unknown } == 3)
        #expect(rows.count { $0.state == .sent } == 3)
        #expect(try shortestGaps(world)["a"].map { $0 >= 2 } == true)
    }

    @Test("the pacing a restart finds is the one persisted; a pause that ended is dropped")
    func restoredState() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        try await world.enqueue("campaign/spring/1", to: contact(1))
        try await world.run(until: world.now)
        let before = try #require(try await world.dispatcher.sender(named: "a"))
        let pacedUntil = try #require(before.pacedUntil)

        try world.restart()
        let restored = try #require(try await world.dispatcher.sender(named: "a")?.pacedUntil)
        #expect(restored >= pacedUntil && restored.timeIntervalSince(pacedUntil) < 0.002, "never earlier, at most rounded up")

        world.advance(by: .seconds(3600))
        try world.restart()
        #expect(try await world.dispatcher.sender(named: "a")?.pacedUntil == nil)
    }
}
