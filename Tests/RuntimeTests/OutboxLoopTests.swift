import Foundation
import Runtime
import Store
import Testing

@Suite("OutboxDispatcher loop", .timeLimit(.minutes(1)))
struct OutboxLoopTests {
    @Test("run() sends what is enqueued, sleeps until the next wake, and returns when cancelled")
    func loop() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let dispatcher = world.dispatcher
        let loop = Task { try await dispatcher.run() }
        await world.clock.waitForSleepers(1)

        let first = try await world.enqueue("campaign/spring/1", to: contact(1))
        let second = try await world.enqueue("campaign/spring/2", to: contact(2))
        await world.clock.waitForSleepers(1)
        await dispatcher.waitForSends()

        #expect(try world.record(first.id).state == .sent)
        #expect(try world.record(second.id).state == .queued, "paced: 2 to 5 seconds later")

        world.advance(by: .seconds(6))
        await world.clock.waitForSleepers(1)
        await dispatcher.waitForSends()

        #expect(try world.record(second.id).state == .sent)
        let gap = try world.sendLog().map(\.sentAt)
        #expect(gap.count == 2)

        loop.cancel()
        try await loop.value
        #expect(world.clock.sleeperCount == 0)
    }

    @Test("a stopping run() waits for a send in flight for the grace period at most; the row stays sending, unknown at the next start")
    func boundedDrain() async throws {
        let hanging = HangingTransport()
        let world = try OutboxWorld(
            senders: [OutboxWorld.sender("a")], transports: ["a": hanging], settings: .init(shutdownGrace: .seconds(10)))
        let dispatcher = world.dispatcher
        let loop = Task { try await dispatcher.run() }
        await world.clock.waitForSleepers(1)
        let row = try await world.enqueue("campaign/spring/1", to: contact(1))
        await hanging.waitForSend()

        loop.cancel()
        await world.clock.waitForSleepers(1)
        #expect(try world.record(row.id).state == .sending)
        world.advance(by: .seconds(10))
        try await loop.value
        #expect(try world.record(row.id).state == .sending)

        try world.restart()
        #expect(try await world.dispatcher.start().unknown.count == 1)
        #expect(try world.record(row.id).state == .unknown)
        hanging.release(with: .accepted(providerMessageID: "late", waID: nil))
    }

    @Test("rows enqueued by another writer are found by wake(), or at the latest at the poll interval")
    func pollsForOtherWriters() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")], settings: .init(pollInterval: .seconds(30)))
        let dispatcher = world.dispatcher
        let loop = Task { try await dispatcher.run() }
        await world.clock.waitForSleepers(1)

        // Written straight to the store, as a flow step's commit does: the loop does not know.
        let payload = try OutboxPayload(text: "Hi").encoded()
        let origin = OutboxOrigin(kind: .flow, name: "support")
        let rows = try world.store.enqueue([
            NewOutboxMessage(dedupeKey: "flow:1:0", recipient: contact(1), origin: origin, payload: payload, sender: "a")
        ])
        await dispatcher.waitForSends()
        #expect(try world.record(rows[0].id).state == .queued)

        world.advance(by: .seconds(30))
        await world.clock.waitForSleepers(1)
        await dispatcher.waitForSends()
        #expect(try world.record(rows[0].id).state == .sent)

        let more = try world.store.enqueue([
            NewOutboxMessage(dedupeKey: "flow:1:1", recipient: contact(1), origin: origin, payload: payload, sender: "a")
        ])
        await dispatcher.wake()
        await world.clock.waitForSleepers(1)
        await dispatcher.waitForSends()
        #expect(try world.record(more[0].id).state == .sent)

        loop.cancel()
        try await loop.value
    }
}
