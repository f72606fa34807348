import Testing

@testable import Transports

/// What the simulator transport answers, waits, records and emits.
@Suite("Simulator transport")
struct SimulatorTransportTests {
    @Test func acceptedSendsGetSequentialIDsNamedAfterTheSender() async {
        let world = SimulatorFixture.world()
        let outcomes = await SimulatorFixture.send(3, through: world.transport)
        #expect(outcomes == (1...3).map { .accepted(providerMessageID: "sim.sales.\($0)", waID: "15557654321") })
    }

    @Test func aRunIDKeepsIDsUniqueAcrossRestarts() {
        var configuration = SimulatorFixture.configuration()
        configuration.runID = "0badcafe"
        var model = SimulatorModel(configuration: configuration)
        #expect(model.decide(recipient: "+15557654321", attempt: 0).id == "sim.sales.0badcafe.1")
        var restarted = SimulatorModel(configuration: SimulatorFixture.configuration())
        #expect(restarted.decide(recipient: "+15557654321", attempt: 0).id == "sim.sales.1")
        let runs = Set((0..<100).map { _ in SimulatorConfiguration.newRunID() })
        #expect(runs.count > 95)
        #expect(runs.allSatisfy { $0.count == 8 && $0.allSatisfy(\.isHexDigit) })
    }

    @Test func theSameSeedGivesTheSameLatenciesAndOutcomes() {
        let configuration = SimulatorFixture.configuration(latency: .zero ... .seconds(3), failureRate: 0.5, seed: 42)
        func decisions(_ configuration: SimulatorConfiguration) -> [SimulatorModel.Decision] {
            var model = SimulatorModel(configuration: configuration)
            return (0..<50).map { _ in model.decide(recipient: "+15557654321", attempt: 0) }
        }
        let first = decisions(configuration)
        #expect(first == decisions(configuration))
        var other = configuration
        other.seed = 43
        #expect(first != decisions(other))
        #expect(first.allSatisfy { configuration.latency.contains($0.latency) })
        #expect(Set(first.map(\.outcome.code)).count == 3, "accepted, an outage and a recipient failure all occur")
    }

    @Test func undeliverableRecipientsFailForTheRecipient() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(undeliverable: ["+1555019*"]))
        let outcome = await world.transport.send(SimulatorFixture.text(to: "+15550190123"), attempt: 0)
        guard case .failedForRecipient(let code, let reason) = outcome else {
            Issue.record("expected a recipient failure, got \(outcome)")
            return
        }
        #expect(code == "simulator.undeliverable")
        #expect(reason.contains("+15550190123"))
        #expect(await world.transport.send(SimulatorFixture.text(to: "+15550180123"), attempt: 0).code == nil)
    }

    @Test func everyNthSendIsRateLimitedForTheSender() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(rateLimitEvery: 3))
        let outcomes = await SimulatorFixture.send(6, through: world.transport)
        let limited = RetryAdvice(
            delay: .seconds(1), scope: .sender, code: "simulator.rate-limited", reason: "the simulator rate-limits one send in 3")
        #expect(outcomes[2] == .retryLater(limited))
        #expect(outcomes[5] == .retryLater(limited))
        #expect(outcomes.enumerated().filter { $0.offset % 3 != 2 }.allSatisfy { $0.element.code == nil })
    }

    @Test func aFailureRateOfZeroAcceptsEverything() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(failureRate: 0, seed: nil))
        #expect(await SimulatorFixture.send(50, through: world.transport).allSatisfy { $0.code == nil })
    }

    @Test func aFailureRateOfOneAlternatesAnOutageAndARecipientFailure() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(failureRate: 1))
        let outcomes = await SimulatorFixture.send(4, through: world.transport)
        #expect(outcomes.map(\.code) == ["simulator.unavailable", "simulator.failed", "simulator.unavailable", "simulator.failed"])
        guard case .retryLater(let advice) = outcomes[0] else { return }
        #expect(advice.scope == .sender)
        #expect(advice.delay == .seconds(1))
    }

    @Test func outageBackoffGrowsWithTheAttempt() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(failureRate: 1))
        let outcome = await world.transport.send(SimulatorFixture.text(), attempt: 3)
        guard case .retryLater(let advice) = outcome else {
            Issue.record("expected retryLater, got \(outcome)")
            return
        }
        #expect(advice.delay == .seconds(8))
    }

    @Test func messagesOverWhatsAppLimitsAreRefusedLocally() async {
        let world = SimulatorFixture.world()
        #expect(await world.transport.send(SimulatorFixture.text(""), attempt: 0).code == "local.limit")
        #expect(await world.recorder.messages.isEmpty)
    }

    @Test func aSendDoesNotCompleteBeforeItsLatencyPasses() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(latency: .seconds(2) ... .seconds(2)))
        let send = Task { await world.transport.send(SimulatorFixture.text(), attempt: 0) }
        await world.clock.waitForSleepers()
        world.clock.advance(by: .milliseconds(1999))
        #expect(world.clock.sleeperCount == 1, "still waiting just before the latency")
        world.clock.advance(by: .milliseconds(1))
        #expect(await send.value == .accepted(providerMessageID: "sim.sales.1", waID: "15557654321"))
        #expect(await world.recorder.messages.first?.latency == .seconds(2))
    }

    @Test func statusesFollowAtTheirVirtualTimes() async {
        let world = SimulatorFixture.world()
        var events = world.transport.events.makeAsyncIterator()
        _ = await world.transport.send(SimulatorFixture.text(), attempt: 0)
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .sent))

        await world.clock.waitForSleepers()
        world.clock.advance(by: .milliseconds(999))
        #expect(world.clock.sleeperCount == 1, "delivered waits for its full second")
        world.clock.advance(by: .milliseconds(1))
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .delivered))

        await world.clock.waitForSleepers()
        world.clock.advance(by: .milliseconds(3999))
        #expect(world.clock.sleeperCount == 1, "read comes five seconds after the send, not after delivery")
        world.clock.advance(by: .milliseconds(1))
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .read))
    }

    @Test func withoutDelaysEveryStatusIsEmittedAtOnceWithNoTimer() async {
        var configuration = SimulatorFixture.configuration()
        configuration.deliveredAfter = .zero
        configuration.readAfter = .zero
        let world = SimulatorFixture.world(configuration)
        var events = world.transport.events.makeAsyncIterator()
        _ = await world.transport.send(SimulatorFixture.text(to: "+1 (555) 765-4321"), attempt: 0)
        #expect(world.clock.sleeperCount == 0, "no send latency and no status delay: nothing waits on the clock")
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .sent))
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .delivered))
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .read))
        world.transport.finish()
        _ = await world.transport.send(SimulatorFixture.text(), attempt: 0)
        #expect(await events.next() == nil, "a finished simulator emits nothing more")
    }

    @Test func aCancelledSendWithoutLatencyIsUnknown() async {
        let world = SimulatorFixture.world()
        let send = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await world.transport.send(SimulatorFixture.text(), attempt: 0)
        }
        #expect(await send.value.code == "simulator.cancelled")
    }

    @Test func waIDsKeepOnlyTheASCIIDigits() {
        #expect(SimulatorModel.waID("+1 (555) 765-4321") == "15557654321")
        #expect(SimulatorModel.waID("+٣٣ 612") == "612")
        #expect(SimulatorModel.waID("") == "")
    }

    @Test func failedSendsEmitNoStatuses() async {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(undeliverable: ["+*"]))
        var events = world.transport.events.makeAsyncIterator()
        _ = await world.transport.send(SimulatorFixture.text(), attempt: 0)
        world.transport.finish()
        #expect(await events.next() == nil)
    }

    @Test func finishingCancelsPendingStatusesAndEndsTheStream() async {
        let world = SimulatorFixture.world()
        var events = world.transport.events.makeAsyncIterator()
        _ = await world.transport.send(SimulatorFixture.text(), attempt: 0)
        world.transport.finish()
        #expect(await events.next() == SimulatorFixture.status("sim.sales.1", .sent))
        #expect(await events.next() == nil)
    }

    @Test func inboundMessagesArriveOnTheStream() async throws {
        let world = SimulatorFixture.world()
        var events = world.transport.events.makeAsyncIterator()
        let event = world.transport.receive(from: "+15557654321", name: "Ana", text: "hi there")
        #expect(await events.next() == event)
        guard case .message(let message) = event else {
            Issue.record("expected a message, got \(event)")
            return
        }
        #expect(message.id == "sim.sales.in.1")
        #expect(message.phoneNumberID == "sales")
        #expect(message.from == "15557654321")
        #expect(message.contact?.name == "Ana")
        #expect(message.content == .text("hi there"))
        #expect(event.deduplicationKey == "message:sim.sales.in.1")
    }

    @Test func theRecorderKeepsEverySendAndAction() async throws {
        let world = SimulatorFixture.world(SimulatorFixture.configuration(undeliverable: ["+1555019*"]))
        _ = await world.transport.send(SimulatorFixture.text(), attempt: 0)
        _ = await world.transport.send(SimulatorFixture.text(to: "+15550191"), attempt: 2)
        try await world.transport.showTyping(to: "+15557654321", replyingTo: "sim.sales.in.1")
        try await world.transport.markRead(messageID: "sim.sales.in.1")

        let messages = await world.recorder.messages
        #expect(messages.map(\.id) == ["sim.sales.1", "sim.sales.2"])
        #expect(messages.map(\.senderName) == ["sales", "sales"])
        #expect(messages.map(\.attempt) == [0, 2])
        #expect(messages[0].outcome == .accepted(providerMessageID: "sim.sales.1", waID: "15557654321"))
        #expect(messages[1].outcome.code == "simulator.undeliverable")
        #expect(messages[1].message.to == "+15550191")
        #expect(
            await world.recorder.actions == [
                .typing(recipient: "+15557654321", replyingTo: "sim.sales.in.1"), .read(messageID: "sim.sales.in.1"),
            ])
    }

    @Test func itIsAlwaysConnectedAndHasNoWebhooks() async {
        let world = SimulatorFixture.world()
        #expect(await world.transport.connectionStatus().canSend)
        let reply = world.transport.handleWebhook(WebhookRequest(method: "POST", path: "/webhooks/sales"))
        #expect(reply.events.isEmpty)
        #expect(reply.response.status == 404)
    }
}
