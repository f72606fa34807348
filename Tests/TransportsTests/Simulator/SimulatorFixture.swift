import TestSupport
import Testing

@testable import Transports

/// Builds simulator transports on a test clock with an in-memory recorder.
enum SimulatorFixture {
    typealias World = (transport: SimulatorTransport<TestClock>, clock: TestClock, recorder: InMemorySimulatorRecorder)

    static func configuration(
        latency: ClosedRange<Duration> = .zero ... .zero, failureRate: Double = 0, seed: UInt64? = 7, undeliverable: [String] = [],
        rateLimitEvery: Int? = nil
    ) -> SimulatorConfiguration {
        SimulatorConfiguration(
            senderName: "sales", senderPhone: "+15550001111", latency: latency, failureRate: failureRate, seed: seed,
            undeliverable: undeliverable, deliveredAfter: .seconds(1), readAfter: .seconds(5), rateLimitEvery: rateLimitEvery)
    }

    static func world(_ configuration: SimulatorConfiguration = configuration()) -> World {
        let clock = TestClock()
        let recorder = InMemorySimulatorRecorder()
        return (SimulatorTransport(configuration: configuration, clock: clock, recorder: recorder), clock, recorder)
    }

    static func text(to recipient: String = "+15557654321", _ body: String = "hello") -> OutboundMessage {
        OutboundMessage(to: recipient, content: .text(body))
    }

    /// Sends `count` messages in a row; only for configurations without latency.
    static func send(_ count: Int, through transport: SimulatorTransport<TestClock>, to recipient: String = "+15557654321") async -> [SendOutcome] {
        var outcomes: [SendOutcome] = []
        for _ in 0..<count { outcomes.append(await transport.send(text(to: recipient), attempt: 0)) }
        return outcomes
    }

    static func status(_ id: String, _ state: DeliveryStatus.State, to recipient: String = "15557654321") -> WebhookEvent {
        .status(DeliveryStatus(phoneNumberID: "sales", messageID: id, state: state, recipientID: recipient, timestamp: nil))
    }
}
