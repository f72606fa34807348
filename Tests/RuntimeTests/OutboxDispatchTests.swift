import Foundation
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

@Suite("OutboxDispatcher sending", .timeLimit(.minutes(1)))
struct OutboxDispatchTests {
    @Test("queued rows go out with provider ids and a send log row each, then move to delivered and read")
    func happyPath() async throws {
        let statusClock = TestClock()
        let simulator = SimulatorTransport(
            configuration: SimulatorConfiguration(senderName: "a", senderPhone: "+15550009999", deliveredAfter: .seconds(1), readAfter: .seconds(5)),
            clock: statusClock, recorder: InMemorySimulatorRecorder())
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")], transports: ["a": simulator])
        let phones = (1...3).map(contact)
        try world.addCampaignContacts(phones)
        for phone in phones { try await world.enqueue("campaign/spring/\(phone)", to: phone) }
        #expect(try phones.map(world.contactStatus) == ["queued", "queued", "queued"])

        try await world.run()

        let rows = try world.outbox()
        #expect(rows.map(\.state) == [.sent, .sent, .sent])
        #expect(rows.map(\.providerMessageID) == ["sim.a.1", "sim.a.2", "sim.a.3"])
        #expect(rows.map(\.sender) == ["a", "a", "a"])
        #expect(rows.map(\.attempts) == [1, 1, 1])
        let log = try world.sendLog()
        #expect(log.map(\.outboxID) == rows.map(\.id))
        #expect(log.map(\.campaign) == ["spring", "spring", "spring"])
        #expect(log.map(\.recipient) == phones)
        #expect(try phones.map(world.contactStatus) == ["sent", "sent", "sent"])

        // The simulator reports sent at once, delivered after 1 s and read after 5 s.
        statusClock.advance(by: .seconds(5))
        var events = simulator.events.makeAsyncIterator()
        for _ in 0..<9 {
            guard case .status(let status)? = await events.next() else {
                Issue.record("expected a status")
                continue
            }
            try await world.dispatcher.applyStatus(status)
        }

        #expect(try world.outbox().map(\.state) == [.read, .read, .read])
        #expect(try phones.map(world.contactStatus) == ["read", "read", "read"])
        let late = DeliveryStatus(phoneNumberID: "a", messageID: "sim.a.1", state: .delivered, recipientID: nil, timestamp: nil)
        #expect(try await world.dispatcher.applyStatus(late) == .stale(id: rows[0].id, state: .read))
        let stranger = DeliveryStatus(phoneNumberID: "a", messageID: "wamid.other", state: .read, recipientID: nil, timestamp: nil)
        #expect(try await world.dispatcher.applyStatus(stranger) == .unknownMessage)
    }

    @Test("a failed status after delivery fails the row with the provider's error; read is final")
    func failedStatus() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let first = try await world.enqueue("k1", to: contact(1))
        let second = try await world.enqueue("k2", to: contact(2))
        try await world.run()

        let failure = DeliveryStatus(
            phoneNumberID: "a", messageID: "a.1", state: .failed, recipientID: nil, timestamp: nil,
            errors: [ProviderError(code: "131026", message: "Message undeliverable")])
        #expect(try await world.dispatcher.applyStatus(failure) == .applied(id: first.id, state: .failed))
        let read = DeliveryStatus(phoneNumberID: "a", messageID: "a.2", state: .read, recipientID: nil, timestamp: nil)
        try await world.dispatcher.applyStatus(read)
        var lateFailure = failure
        lateFailure.messageID = "a.2"
        #expect(try await world.dispatcher.applyStatus(lateFailure) == .stale(id: second.id, state: .read))

        let failed = try world.record(first.id)
        #expect(failed.state == .failed)
        #expect(failed.errorCode == "131026")
        #expect(failed.error == "Message undeliverable")
        #expect(try world.record(second.id).state == .read)
    }

    @Test("every payload kind reaches the transport as its message; an unreadable one fails without a send")
    func payloadKinds() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let flow = OutboxOrigin(kind: .flow, name: "support")
        let payloads: [OutboxPayload] = [
            OutboxPayload(text: "Plain"),
            OutboxPayload(template: .init("order_update", language: "en_US", parameters: ["42"], header: ["Ann"], buttons: ["track"])),
            OutboxPayload(text: "Your invoice", media: .init(.document, url: "https://example.com/i.pdf", filename: "i.pdf")),
            OutboxPayload(text: "Pick one", buttons: [.init("yes", title: "Yes"), .init("no", title: "No")]),
            OutboxPayload(
                text: "Menu", list: .init("Open", sections: [.init("Drinks", rows: [.init("tea", title: "Tea", description: "Hot")])])),
            OutboxPayload(),
        ]
        for (index, payload) in payloads.enumerated() {
            try await world.enqueue("flow:1:\(index)", to: contact(1), origin: flow, message: payload, sender: "a")
        }

        try await world.run()

        let contents = try world.scripted("a").sends.map(\.content)
        #expect(
            contents == [
                .text("Plain"),
                .template(
                    TemplateMessage(
                        name: "order_update", languageCode: "en_US", bodyParameters: ["42"], headerParameters: ["Ann"], buttonPayloads: ["track"])),
                .media(MediaAttachment(kind: .document, link: "https://example.com/i.pdf", caption: "Your invoice", filename: "i.pdf")),
                .buttons(body: "Pick one", buttons: [ReplyButton(id: "yes", title: "Yes"), ReplyButton(id: "no", title: "No")]),
                .list(
                    body: "Menu", buttonLabel: "Open",
                    sections: [ListSection(title: "Drinks", rows: [.init(id: "tea", title: "Tea", description: "Hot")])]),
            ])
        let rows = try world.outbox()
        #expect(rows.map(\.state) == [.sent, .sent, .sent, .sent, .sent, .failed])
        #expect(rows.last?.errorCode == "outbox.unreadable-payload")
    }

    @Test("a flow reply stays on the conversation's sender, and moves to another only when that one cannot send")
    func stickySender() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a"), OutboxWorld.sender("b")])
        let flow = OutboxOrigin(kind: .flow, name: "support")
        // Every reply of the conversation with b goes through b, though a is idle.
        for index in 0..<3 { try await world.enqueue("flow:1:\(index)", to: contact(1), origin: flow, sender: "b") }
        try await world.enqueue("flow:2:0", to: contact(2), origin: flow, sender: "a")
        try await world.run()
        #expect(try world.outbox().map(\.sender) == ["b", "b", "b", "a"])
        #expect(try world.scripted("b").sends.map(\.recipient) == Array(repeating: contact(1), count: 3))

        // With b paused, its conversation's next reply goes through a rather than wait.
        try await world.dispatcher.pauseSender("b", reason: "maintenance")
        let moved = try await world.enqueue("flow:1:3", to: contact(1), origin: flow, sender: "b")
        try await world.run()
        #expect(try world.record(moved.id).sender == "a")
    }

    @Test("replies go out promptly, before business traffic queued earlier")
    func repliesFirst() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        for index in 0..<3 { try await world.enqueue("campaign/\(index)", to: contact(index)) }
        world.advance(by: .seconds(1))
        try await world.enqueue("flow:1:0", to: contact(9), origin: OutboxOrigin(kind: .flow, name: "support"), sender: "a")

        try await world.run()

        #expect(try world.scripted("a").sends.map(\.recipient) == [contact(9), contact(0), contact(1), contact(2)])
    }

    @Test("business messages are paced: the pause between two sends of a sender is within the pacing's bounds")
    func pacing() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        for index in 0..<12 { try await world.enqueue("campaign/\(index)", to: contact(index)) }

        try await world.run()

        let instants = try world.sendLog().map(\.sentAt)
        #expect(instants.count == 12)
        let gaps = zip(instants, instants.dropFirst()).map { $1.timeIntervalSince($0) }
        #expect(gaps.allSatisfy { $0 >= 2 - 0.002 && $0 <= 5 + 0.002 }, "\(gaps)")
        #expect(Set(gaps.map { ($0 * 10).rounded() }).count > 3, "the pauses vary: \(gaps)")
        // The transport saw each message at the instant the send log records.
        let sent = try world.scripted("a").sends.map(\.at)
        #expect(zip(sent, instants).allSatisfy { abs($0.timeIntervalSince($1)) < 0.002 })
    }

    @Test("with typing on, the indicator shows for the typing time before each business message")
    func typing() async throws {
        let world = try OutboxWorld(
            senders: [OutboxWorld.sender("a")],
            routes: OutboxWorld.routes(senders: ["a"], pacing: PacingRule(minDelay: .seconds(2), maxDelay: .seconds(5))))
        let texts = ["Hi", String(repeating: "x", count: 100), String(repeating: "y", count: 400)]
        for (index, text) in texts.enumerated() {
            try await world.enqueue("campaign/\(index)", to: contact(index), message: OutboxPayload(text: text))
        }
        try await world.enqueue("flow:1:0", to: contact(9), origin: OutboxOrigin(kind: .flow, name: "support"), sender: "a")

        try await world.run()

        let calls = try world.scripted("a").calls
        #expect(calls.map(\.kind) == [.send, .typing, .send, .typing, .send, .typing, .send], "the reply first, without typing")
        let typed = stride(from: 1, to: calls.count, by: 2).map { calls[$0 + 1].at.timeIntervalSince(calls[$0].at) }
        let expected = texts.map { TypingSimulation.standard.duration(for: $0).seconds }
        #expect(zip(typed, expected).allSatisfy { abs($0 - $1) < 0.002 }, "\(typed) against \(expected)")
        #expect(expected == [1, 5, 8])
    }
}
