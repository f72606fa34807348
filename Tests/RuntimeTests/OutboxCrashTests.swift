import Foundation
import Runtime
import Store
import Testing
import Transports

@Suite("OutboxDispatcher crash safety", .timeLimit(.minutes(1)))
struct OutboxCrashTests {
    @Test("a dispatcher that dies between the send and its outcome leaves the row unknown, and it is never sent again")
    func diesAfterSending() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        try world.addCampaignContacts([contact(1)])
        let message = try await world.enqueue("campaign/spring/1", to: contact(1))
        world.wrapStore { SettleFailingStore($0) }

        try await world.run()

        #expect(try world.record(message.id).state == .sending)
        #expect(try world.scripted("a").sends.count == 1)

        try world.restart()
        let recovery = try await world.dispatcher.start()
        try await world.run()

        #expect(recovery == InterruptedSends(unknown: [message.id]))
        let row = try world.record(message.id)
        #expect(row.state == .unknown)
        #expect(row.errorCode == "outbox.interrupted")
        #expect(try world.contactStatus(contact(1)) == "unknown")
        #expect(try world.scripted("a").sends.count == 1, "not sent again")
        #expect(try world.sendLog().count == 1, "the attempt counts in the quota")
        #expect(try world.events("outbox.interrupted").count == 1)
    }

    @Test("with resendUnknown, a row cut off mid-send is sent once more after the restart")
    func resendsUnknown() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        world.routes = OutboxWorld.routes(senders: ["a"], resendsUnknown: true)
        try world.restart()
        try world.addCampaignContacts([contact(1)])
        let message = try await world.enqueue("campaign/spring/1", to: contact(1))
        world.wrapStore { SettleFailingStore($0) }
        try await world.run()

        try world.restart()
        #expect(try await world.dispatcher.start() == InterruptedSends(requeued: [message.id]))
        try await world.run()
        try world.restart()
        try await world.run()

        let row = try world.record(message.id)
        #expect(row.state == .sent)
        #expect(row.attempts == 2)
        #expect(try world.scripted("a").sends.count == 2, "the lost attempt and one resend")
        #expect(try world.contactStatus(contact(1)) == "sent")
    }

    @Test("a send that never returns is unknown to the next process; the late answer of the dead one changes nothing")
    func hangingTransport() async throws {
        let hanging = HangingTransport()
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")], transports: ["a": hanging])
        let message = try await world.enqueue("flow:1:0", to: contact(1), origin: OutboxOrigin(kind: .flow, name: "support"), sender: "a")
        let dying = world.dispatcher
        let now = world.now
        let stuck = Task { try await dying.runOnce(now: now) }
        await hanging.waitForSend()

        let scripted = ScriptedTransport(name: "a", now: world.nowFunction)
        world.transports = ["a": scripted]
        try world.restart()
        try await world.run()

        #expect(try world.record(message.id).state == .unknown)
        #expect(scripted.sends.isEmpty)
        // The old process answers after all: the row keeps what the new one decided.
        hanging.release(with: .accepted(providerMessageID: "late", waID: nil))
        _ = try await stuck.value
        let row = try world.record(message.id)
        #expect(row.state == .unknown)
        #expect(row.providerMessageID == nil)
    }

    @Test("a message decided but not yet claimed (typing) is still queued after a crash and goes out once")
    func crashWhileTyping() async throws {
        let world = try OutboxWorld(
            senders: [OutboxWorld.sender("a")], routes: OutboxWorld.routes(senders: ["a"], pacing: .standard))
        let message = try await world.enqueue("campaign/spring/1", to: contact(1))

        let wake = try await world.dispatcher.runOnce(now: world.now)
        #expect(wake.map { $0 > world.now } == true, "waits for the typing to end")
        #expect(try world.scripted("a").calls.map(\.kind) == [.typing])
        #expect(try world.record(message.id).state == .queued)

        try world.restart()
        try await world.run()

        #expect(try world.record(message.id).state == .sent)
        #expect(try world.scripted("a").sends.count == 1)
        #expect(try world.sendLog().count == 1)
    }
}
