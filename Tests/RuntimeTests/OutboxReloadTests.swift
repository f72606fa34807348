import Foundation
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

@Suite("OutboxDispatcher reconfigure", .timeLimit(.minutes(1)))
struct OutboxReloadTests {
    @Test("a campaign dropped from the routes (paused by a reload) claims nothing more; routed again it resumes without duplicates")
    func pauseAndResume() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let phones = (1...4).map(contact)
        try world.addCampaignContacts(phones)
        for phone in phones { try await world.enqueue("campaign/spring/\(phone)", to: phone) }
        // The first message goes at once; the next one is paced 2-5 s later.
        _ = try await world.dispatcher.runOnce(now: world.now)
        #expect(try world.outbox().map(\.state) == [.sent, .queued, .queued, .queued])

        var paused = world.routes
        paused.campaigns = [:]
        try await world.dispatcher.reconfigure(transports: world.transports, senders: world.senders, routes: paused)
        world.advance(by: .seconds(60))
        _ = try await world.run(until: world.now.addingTimeInterval(600))
        #expect(try world.outbox().map(\.state) == [.sent, .queued, .queued, .queued])

        try await world.dispatcher.reconfigure(transports: world.transports, senders: world.senders, routes: world.routes)
        _ = try await world.run()
        #expect(try world.outbox().map(\.state) == [.sent, .sent, .sent, .sent])
        #expect(try world.sendLog().map(\.recipient) == phones)
    }

    @Test("a sender added by a reload takes traffic; a removed one stops, and its waiting messages go to the senders left")
    func sendersComeAndGo() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let b = ScriptedTransport(name: "b", now: world.nowFunction)
        var transports = world.transports
        transports["b"] = b
        let both = [OutboxWorld.sender("a"), OutboxWorld.sender("b")]
        try await world.dispatcher.reconfigure(transports: transports, senders: both, routes: OutboxWorld.routes(senders: ["a", "b"]))
        #expect(try await world.dispatcher.sender(named: "b") != nil)

        try await world.enqueue("m1", to: contact(1), origin: OutboxOrigin(kind: .manual, name: "cli"))
        try await world.enqueue("m2", to: contact(2), origin: OutboxOrigin(kind: .manual, name: "cli"))
        _ = try await world.run()
        #expect(Set(try world.outbox().compactMap(\.sender)) == ["a", "b"])

        // "a" leaves the configuration: what is queued goes out on "b" alone.
        try await world.dispatcher.reconfigure(
            transports: ["b": b], senders: [OutboxWorld.sender("b")], routes: OutboxWorld.routes(senders: ["b"]))
        #expect(try await world.dispatcher.sender(named: "a") == nil)
        try await world.enqueue("m3", to: contact(3), origin: OutboxOrigin(kind: .manual, name: "cli"))
        try await world.enqueue("m4", to: contact(4), origin: OutboxOrigin(kind: .manual, name: "cli"))
        _ = try await world.run()
        let rows = try world.outbox()
        #expect(rows.map(\.state) == [.sent, .sent, .sent, .sent])
        #expect(rows.suffix(2).map(\.sender) == ["b", "b"])
    }

    @Test("a sender that stays keeps its quota windows across a reload")
    func windowsKept() async throws {
        let tight = QuotaLimits(perMinute: 2, perHour: 100, perDay: 1_000)
        let world = try OutboxWorld(
            senders: [OutboxWorld.sender("a", limits: tight)],
            routes: OutboxWorld.routes(senders: ["a"], pacing: PacingRule(minDelay: .zero, maxDelay: .zero, typing: nil)))
        for index in 1...2 { try await world.enqueue("k\(index)", to: contact(index), origin: OutboxOrigin(kind: .manual, name: "cli")) }
        _ = try await world.run()
        let first = try #require(try world.sendLog().first?.sentAt)
        #expect(try world.outbox().map(\.state) == [.sent, .sent])

        // The same limits under a reloaded profile: the minute window still holds both sends.
        try await world.dispatcher.reconfigure(transports: world.transports, senders: [OutboxWorld.sender("a", limits: tight)], routes: world.routes)
        try await world.enqueue("k3", to: contact(3), origin: OutboxOrigin(kind: .manual, name: "cli"))
        _ = try await world.run()
        let log = try world.sendLog()
        #expect(log.count == 3)
        #expect(try #require(log.last?.sentAt) >= first.addingTimeInterval(60))
    }
}
