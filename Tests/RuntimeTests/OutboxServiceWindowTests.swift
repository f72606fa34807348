import Foundation
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

@Suite("OutboxDispatcher and the customer-service window", .timeLimit(.minutes(1)))
struct OutboxServiceWindowTests {
    /// A Cloud API sender `meta` (requires the window) and a simulator-like sender `sim`.
    static func world(senders: [String] = ["meta"]) throws -> OutboxWorld {
        try OutboxWorld(
            senders: senders.map { name in
                SenderProfile(name: name, limits: OutboxWorld.roomyLimits, transportLimits: .none, requiresServiceWindow: name == "meta")
            })
    }

    /// Stores a message from `contact` to `sender`, received `ago` before the world's now.
    static func inbound(_ world: OutboxWorld, from contact: String, to sender: String, ago: TimeInterval, id: String) throws {
        _ = try world.store.recordInbound(
            NewInboundMessage(
                providerMessageID: id, conversation: Conversation(sender: sender, contact: contact), profileName: nil,
                body: Data(#"{"text":"hi"}"#.utf8), receivedAt: world.now.addingTimeInterval(-ago)))
    }

    static let template = OutboxPayload(template: OutboxPayload.Template("promo_nov", language: "en_US"))

    @Test("free-form text to a contact outside the window fails at once with the reason, without the transport or the sender's health")
    func closedFailsEarly() async throws {
        let world = try Self.world()
        try world.addCampaignContacts([contact(1), contact(2)])
        try Self.inbound(world, from: contact(2), to: "meta", ago: 86_400 + 1, id: "m1")
        let never = try await world.enqueue("campaign/spring/\(contact(1))", to: contact(1))
        let stale = try await world.enqueue("campaign/spring/\(contact(2))", to: contact(2))

        try await world.run()

        #expect(try world.scripted("meta").sends.isEmpty)
        for id in [never.id, stale.id] {
            let row = try world.record(id)
            #expect(row.state == .failed)
            #expect(row.attempts == 0)
            #expect(row.errorCode == "outbox.outside-service-window")
        }
        #expect(
            try world.record(never.id).error
                == "the 24-hour customer-service window with \(contact(1)) on 'meta' is closed (the contact has not written to it in the "
                + "last 24 hours); send a WhatsApp template instead")
        #expect(try world.sendLog().isEmpty, "no quota used")
        #expect(try world.contactStatus(contact(1)) == "failed")
        let sender = try #require(try await world.dispatcher.sender(named: "meta"))
        #expect(sender.health.score == 100 && sender.health.consecutiveFailures == 0 && sender.lastUsedAt == nil)
    }

    @Test("inside the window free-form text goes; a template goes whatever the window")
    func openOrTemplate() async throws {
        let world = try Self.world()
        try Self.inbound(world, from: contact(1), to: "meta", ago: 3600, id: "m1")
        try await world.enqueue("k1", to: contact(1))
        try await world.enqueue("k2", to: contact(2), message: Self.template)

        try await world.run()

        #expect(try world.outbox().map(\.state) == [.sent, .sent])
        #expect(try world.scripted("meta").sends.map(\.recipient) == [contact(1), contact(2)])
    }

    @Test("a window the contact opened to another sender does not count; a sender that needs none takes the message")
    func perSender() async throws {
        let world = try Self.world(senders: ["meta", "sim"])
        try Self.inbound(world, from: contact(1), to: "sim", ago: 60, id: "m1")
        try await world.enqueue("k1", to: contact(1))
        try await world.enqueue("k2", to: contact(2))

        try await world.run()

        #expect(try world.outbox().map(\.state) == [.sent, .sent])
        #expect(try world.scripted("meta").sends.isEmpty)
        #expect(try world.scripted("sim").sends.map(\.recipient) == [contact(1), contact(2)])
    }

    @Test("a contact who writes after a check opens the window for the next message: the cache follows the inbox")
    func cacheFollowsInbox() async throws {
        let world = try Self.world()
        let first = try await world.enqueue("k1", to: contact(1))
        try await world.run()
        #expect(try world.record(first.id).state == .failed)

        try Self.inbound(world, from: contact(1), to: "meta", ago: 0, id: "m1")
        let second = try await world.enqueue("k2", to: contact(1))
        try await world.run()

        #expect(try world.record(second.id).state == .sent)
    }

    @Test("a reply waiting for its time is judged when it is due, not before")
    func judgedWhenDue() async throws {
        let world = try Self.world()
        try Self.inbound(world, from: contact(1), to: "meta", ago: 86_000, id: "m1")
        let new = try NewOutboxMessage(
            dedupeKey: "flow:1:0", recipient: contact(1), origin: OutboxOrigin(kind: .flow, name: "support"),
            message: OutboxPayload(text: "Later"), sender: "meta", notBefore: world.now.addingTimeInterval(600))
        let id = try #require(try await world.dispatcher.enqueue([new]).first).id
        _ = try await world.dispatcher.runOnce(now: world.now)
        #expect(try world.record(id).state == .queued, "not due yet: the contact may still write")

        world.advance(by: .seconds(300))
        try Self.inbound(world, from: contact(1), to: "meta", ago: 0, id: "m2")
        try await world.run()

        #expect(try world.record(id).state == .sent)
    }
}
