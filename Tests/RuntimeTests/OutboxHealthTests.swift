import Foundation
import Runtime
import Scheduler
import Store
import Testing
import Transports

@Suite("OutboxDispatcher sender health", .timeLimit(.minutes(1)))
struct OutboxHealthTests {
    static let flow = OutboxOrigin(kind: .flow, name: "support")

    @Test("ten unknown outcomes in a row pause the sender; the pause survives a restart and a person's resume lifts it")
    func consecutiveFailuresPause() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        try world.scripted("a").script(Array(repeating: .unknown(code: "http.timed-out", reason: "no answer"), count: 10))
        for index in 0..<11 { try await world.enqueue("flow:\(index):0", to: contact(index), origin: Self.flow, sender: "a") }

        try await world.run()

        let rows = try world.outbox()
        #expect(rows.prefix(10).allSatisfy { $0.state == .unknown }, "not resent")
        #expect(rows.last?.state == .queued, "the eleventh waits for the sender")
        #expect(try world.scripted("a").sends.count == 10)
        let status = try #require(try world.senderStatus("a"))
        #expect(status["consecutive_failures"] == 10)
        #expect(status["health"] == 50)
        #expect(status["paused_cause"] == "consecutive-failures")
        #expect(try world.events("sender.paused").count == 1)

        try world.restart()
        try await world.run()
        #expect(try await world.dispatcher.sender(named: "a")?.health.isPaused == true)
        #expect(try world.scripted("a").sends.count == 10, "a paused sender sends nothing after a restart either")

        #expect(try await world.dispatcher.resumeSender("a"))
        #expect(try await world.dispatcher.resumeSender("a") == false, "no longer paused")
        try await world.run()

        #expect(try world.outbox().last?.state == .sent)
        let resumed = try #require(try world.senderStatus("a"))
        #expect(resumed["paused_reason"] as String? == nil)
        #expect(resumed["consecutive_failures"] == 0)
        #expect(resumed["health"] == 51)
        #expect(try world.events("sender.resumed") == ["resumed by a person"])
    }

    @Test("rate limits hold the sender back and retry the message without touching its health")
    func rateLimits() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        let limit = SendOutcome.retryLater(RetryAdvice(delay: .seconds(30), scope: .sender, code: "130429", reason: "throughput"))
        try world.scripted("a").script([limit, limit])
        let start = world.now
        let message = try await world.enqueue("flow:1:0", to: contact(1), origin: Self.flow, sender: "a")

        let wake = try await world.dispatcher.runOnce(now: world.now)
        #expect(wake == world.now)
        let held = try #require(try world.senderStatus("a"))
        #expect(held["backoff_until"] == start.addingTimeInterval(30))
        #expect(try world.record(message.id).state == .queued)
        #expect(try world.record(message.id).errorCode == "130429")
        try await world.run()

        let row = try world.record(message.id)
        #expect(row.state == .sent)
        #expect(row.attempts == 3)
        let sends = try world.scripted("a").sends
        #expect(sends.map(\.attempt) == [0, 1, 2])
        #expect(sends.map { $0.at.timeIntervalSince(start).rounded() } == [0, 30, 60])
        let status = try #require(try world.senderStatus("a"))
        #expect(status["health"] == 100)
        #expect(status["consecutive_failures"] == 0)
        #expect(status["paused_reason"] as String? == nil)
    }

    @Test("a sender failure pauses the sender at once and its message goes out through another sender")
    func senderFailure() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a"), OutboxWorld.sender("b")])
        try world.scripted("a").script([.failedForSender(code: "190", reason: "the access token expired")])
        let message = try await world.enqueue("campaign/spring/1", to: contact(1))

        try await world.run()

        let row = try world.record(message.id)
        #expect(row.state == .sent)
        #expect(row.sender == "b")
        #expect(row.attempts == 2)
        let status = try #require(try world.senderStatus("a"))
        #expect(status["paused_cause"] == "sender-failure")
        #expect(status["health"] == 95)
        #expect(try world.events("sender.paused").first?.contains("the access token expired") == true)

        // Paused until a person acts: later messages all go through b.
        for index in 2...4 { try await world.enqueue("campaign/spring/\(index)", to: contact(index)) }
        try await world.run()
        #expect(try world.outbox().map(\.sender) == ["b", "b", "b", "b"])
        try world.restart()
        #expect(try await world.dispatcher.sender(named: "a").map { $0.health.pause?.cause } == .senderFailure)
    }

    @Test("recipient and message failures fail the message and leave the sender alone")
    func permanentFailures() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        try world.scripted("a").script([
            .failedForRecipient(code: "131026", reason: "not a WhatsApp user"), .failedMessage(code: "132001", reason: "template missing"),
        ])
        let first = try await world.enqueue("flow:1:0", to: contact(1), origin: Self.flow, sender: "a")
        let second = try await world.enqueue("flow:2:0", to: contact(2), origin: Self.flow, sender: "a")

        try await world.run()

        #expect(try world.record(first.id).state == .failed)
        #expect(try world.record(first.id).error == "not a WhatsApp user")
        #expect(try world.record(second.id).errorCode == "132001")
        let status = try #require(try world.senderStatus("a"))
        #expect(status["health"] == 100)
        #expect(try world.scripted("a").sends.count == 2)
    }

    @Test("a resume written to the store by another process (engine senders resume) is followed by a running dispatcher")
    func resumeFromAnotherProcess() async throws {
        let world = try OutboxWorld(senders: [OutboxWorld.sender("a")])
        #expect(try await world.dispatcher.pauseSender("a", reason: "checking the number"))
        let message = try await world.enqueue("k1", to: contact(1))
        try await world.run()
        #expect(try world.record(message.id).state == .queued)

        #expect(try world.store.resumeSender("a") == "checking the number")
        world.advance(by: .seconds(1))
        try await world.run()

        #expect(try world.record(message.id).state == .sent)
        #expect(try await world.dispatcher.sender(named: "a")?.health.pause == nil)
    }
}
