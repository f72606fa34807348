import Store
import Synchronization
import TestSupport
import Testing
import Transports

@testable import engine

/// The pairing loop, driven by a fake session and a manual clock: no network, no sleeps.
@Suite("SenderConnector")
struct SenderConnectorTests {
    @Test("a rotating QR value is shown each time it changes, once per value")
    func redrawsOnRotation() async throws {
        let session = FakeSession(
            start: .pairingRequired(qrCode: "A"),
            polls: [
                .pairingRequired(qrCode: "A"), .pairingRequired(qrCode: "B"), .connecting, .pairingRequired(qrCode: "B"), .connected(detail: nil),
            ])
        let (outcome, shown) = try await run(session, polls: 5)
        #expect(shown == ["A", "B"])
        #expect(outcome == .connected(detail: nil))
    }

    @Test("WORKING ends the loop with success and the gateway's detail")
    func workingSucceeds() async throws {
        let session = FakeSession(start: .connecting, polls: [.connected(detail: "+15550100001 (Sales)")])
        let (outcome, shown) = try await run(session, polls: 1)
        #expect(outcome == .connected(detail: "+15550100001 (Sales)"))
        #expect(shown.isEmpty)
        #expect(session.pollCount == 1)
    }

    @Test("an already linked session succeeds without polling")
    func alreadyConnected() async throws {
        let session = FakeSession(start: .connected(detail: nil), polls: [])
        let (outcome, _) = try await run(session, polls: 0)
        #expect(outcome == .connected(detail: nil))
        #expect(session.pollCount == 0)
    }

    @Test("FAILED (disconnected) ends the loop with its reason")
    func failedFails() async throws {
        let session = FakeSession(start: .pairingRequired(qrCode: "A"), polls: [.disconnected(reason: "the session failed")])
        let (outcome, _) = try await run(session, polls: 1)
        #expect(outcome == .failed(reason: "the session failed"))
    }

    @Test("nobody scanning times out at the deadline, polling every 2 s until then")
    func timesOut() async throws {
        let session = FakeSession(start: .pairingRequired(qrCode: "A"), polls: [])
        let (outcome, shown) = try await run(session, polls: 5, timeout: .seconds(10))
        #expect(outcome == .timedOut)
        #expect(shown == ["A"])
        #expect(session.pollCount == 5)
    }

    @Test("each status change is reported once, in order, for the state to record")
    func reportsStatusChanges() async throws {
        let session = FakeSession(
            start: .connecting,
            polls: [.pairingRequired(qrCode: "A"), .pairingRequired(qrCode: "A"), .pairingRequired(qrCode: "B"), .connected(detail: "x")])
        let clock = TestClock()
        let connector = SenderConnector(session: session, clock: clock, timeout: .seconds(60))
        let reported = Mutex<[ConnectionStatus]>([])
        let task = Task {
            try await connector.run(showQRCode: { _ in }, statusChanged: { status in reported.withLock { $0.append(status) } })
        }
        for _ in 0..<4 {
            await clock.waitForSleepers()
            clock.advance(by: .seconds(2))
        }
        #expect(try await task.value == .connected(detail: "x"))
        #expect(
            reported.withLock { $0 }
                == [.connecting, .pairingRequired(qrCode: "A"), .pairingRequired(qrCode: "B"), .connected(detail: "x")])
        #expect(reported.withLock { $0 }.compactMap(SenderStatus.Connection.init) == [.connecting, .waitingForScan, .waitingForScan, .connected])
    }

    @Test("a start the gateway refuses is thrown")
    func startRefused() async {
        let session = FakeSession(start: .connecting, polls: [], startError: TransportError(.configuration, "refused", isTransient: false))
        let connector = SenderConnector(session: session, clock: TestClock(), timeout: .seconds(10))
        await #expect(throws: TransportError.self) { _ = try await connector.run { _ in } }
    }

    /// Runs the connector, advancing the clock one poll interval `polls` times.
    private func run(
        _ session: FakeSession, polls: Int, timeout: Duration = .seconds(60)
    ) async throws -> (SenderConnector<FakeSession, TestClock>.Outcome, [String]) {
        let clock = TestClock()
        let connector = SenderConnector(session: session, clock: clock, timeout: timeout)
        let shown = Mutex<[String]>([])
        let task = Task { try await connector.run { value in shown.withLock { $0.append(value) } } }
        for _ in 0..<polls {
            await clock.waitForSleepers()
            clock.advance(by: .seconds(2))
        }
        let outcome = try await task.value
        return (outcome, shown.withLock { $0 })
    }
}

/// A gateway session that answers from a script.
final class FakeSession: SenderSession {
    private let start: ConnectionStatus
    private let startError: TransportError?
    private let polls: Mutex<[ConnectionStatus]>
    private let count = Mutex(0)

    /// How many times the status was read.
    var pollCount: Int { count.withLock { $0 } }

    init(start: ConnectionStatus, polls: [ConnectionStatus], startError: TransportError? = nil) {
        self.start = start
        self.startError = startError
        self.polls = Mutex(polls)
    }

    func startSession() async throws(TransportError) -> ConnectionStatus {
        if let startError { throw startError }
        return start
    }

    func connectionStatus() async -> ConnectionStatus {
        count.withLock { $0 += 1 }
        return polls.withLock { $0.isEmpty ? .pairingRequired(qrCode: "A") : $0.removeFirst() }
    }
}
