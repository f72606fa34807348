import Foundation
import Runtime
import Scheduler
import Store
import Testing
import Transports

@Suite("OutboxDispatcher group commit", .timeLimit(.minutes(1)))
struct OutboxGroupCommitTests {
    static let support = OutboxOrigin(kind: .flow, name: "support")

    /// Enqueues `count` replies on `sender`, to contacts from `first` on.
    @discardableResult
    static func enqueueReplies(_ count: Int, from first: Int = 1, sender: String, in world: OutboxWorld) async throws -> [Int64] {
        var ids: [Int64] = []
        for number in first..<(first + count) {
            ids.append(try await world.enqueue("flow:\(number):0", to: contact(number), origin: support, sender: sender).id)
        }
        return ids
    }

    @Test("the lanes of several senders share commits, each carrying a sender's last outcome with its next claim")
    func lanesShareCommits() async throws {
        let world = try OutboxWorld(senders: ["a", "b", "c"].map { OutboxWorld.sender($0) })
        let counting = CountingOutboxStore(world.store)
        world.wrapStore { _ in counting }
        for sender in ["a", "b", "c"] {
            try await Self.enqueueReplies(3, from: sender == "a" ? 1 : sender == "b" ? 4 : 7, sender: sender, in: world)
        }

        try await world.run()

        #expect(try world.outbox().allSatisfy { $0.state == .sent && $0.attempts == 1 })
        #expect(try world.sendLog().count == 9)
        let commits = counting.commits
        #expect(commits.first == CountingOutboxStore.GroupCommit(settlements: 0, claims: 3), "the three first claims commit together")
        #expect(commits.reduce(0) { $0 + $1.claims } == 9)
        #expect(commits.reduce(0) { $0 + $1.settlements } == 9)
        #expect(commits.count < 12, "fewer commits than one per claim and one per lane's last outcome: \(commits)")
    }

    @Test("only the message being sent is sending: a crash mid-lane leaves it unknown and the rest go out once after the restart")
    func crashMidLane() async throws {
        let hanging = HangingTransport()
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")], transports: ["a": hanging])
        let ids = try await Self.enqueueReplies(3, sender: "a", in: world)
        let dying = world.dispatcher
        let now = world.now
        let stuck = Task { try await dying.runOnce(now: now) }
        await hanging.waitForSend()

        #expect(try ids.map { try world.record($0).state } == [.sending, .queued, .queued])
        #expect(try world.sendLog().map(\.outboxID) == [ids[0]], "no send log row for a message not claimed yet")

        let scripted = ScriptedTransport(name: "a", now: world.nowFunction)
        world.transports = ["a": scripted]
        try world.restart()
        #expect(try await world.dispatcher.start() == InterruptedSends(unknown: [ids[0]]))
        try await world.run()

        #expect(try ids.map { try world.record($0).state } == [.unknown, .sent, .sent])
        #expect(scripted.sends.map(\.recipient) == [contact(2), contact(3)])
        #expect(try world.sendLog().count == 3)
        hanging.release(with: .accepted(providerMessageID: "late", waID: nil))
        _ = try await stuck.value
    }

    @Test("a sender paused by an outcome claims nothing more from its lane; the rest go out once on another sender")
    func pausedMidLane() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a"), OutboxWorld.sender("b")])
        try world.scripted("a").script([.failedForSender(code: "131031", reason: "account locked")])
        let ids = try await Self.enqueueReplies(3, sender: "a", in: world)

        try await world.run()

        #expect(try world.scripted("a").sends.count == 1)
        #expect(try world.scripted("b").sends.map(\.recipient).sorted() == [contact(1), contact(2), contact(3)])
        let rows = try ids.map { try world.record($0) }
        #expect(rows.map(\.state) == [.sent, .sent, .sent])
        #expect(rows.map(\.attempts) == [2, 1, 1], "the messages behind the failed one were never claimed by a")
        #expect(try world.sendLog().map(\.sender).sorted() == ["a", "b", "b", "b"])
    }

    @Test("while the lanes are behind by candidatesPerResource messages, a tick reads and decides nothing")
    func backedUpLanesHoldDecisions() async throws {
        let hanging = HangingTransport()
        let world = try OutboxWorld(
            senders: [OutboxWorld.sender("a")], transports: ["a": hanging], settings: OutboxDispatcherSettings(candidatesPerResource: 2))
        let counting = CountingOutboxStore(world.store)
        world.wrapStore { _ in counting }
        // Written straight to the store, so that the loop's first tick finds all five.
        let payload = try OutboxPayload(text: "Hi").encoded()
        let ids = try world.store.enqueue(
            (1...5).map { NewOutboxMessage(dedupeKey: "flow:\($0):0", recipient: contact($0), origin: Self.support, payload: payload, sender: "a") }
        ).map(\.id)
        let dispatcher = world.dispatcher
        let loop = Task { try await dispatcher.run() }
        await hanging.waitForSend()
        await world.clock.waitForSleepers(1)
        // Two assigned by the first read: one sending, one waiting in the lane.
        let readsBefore = counting.reads

        await dispatcher.wake()
        await world.clock.waitForSleepers(1)
        #expect(counting.reads == readsBefore + 1, "one message waits in the lane: the tick decides")
        await dispatcher.wake()
        await world.clock.waitForSleepers(1)
        #expect(counting.reads == readsBefore + 1, "four wait in the lane now: the tick reads nothing")

        for _ in ids {
            await hanging.waitForSend()
            hanging.release(with: .accepted(providerMessageID: UUID().uuidString, waID: nil))
        }
        await dispatcher.waitForSends()
        #expect(try ids.map { try world.record($0).state } == Array(repeating: .sent, count: 5))
        loop.cancel()
        try await loop.value
    }
}
