import Transports

/// Pairs a gateway session: starts it, then polls its status until it is connected, has
/// failed, or the time is up, reporting each new QR value on the way.
///
/// The clock is injected, so tests drive the loop with a manual clock and no real sleeps.
struct SenderConnector<Session: SenderSession, WaitClock: Clock<Duration>> {
    /// How a connection attempt ended.
    enum Outcome: Equatable {
        /// The phone is linked; `detail` is what the gateway reports (number and name).
        case connected(detail: String?)
        /// The gateway refused or the session failed; `reason` says what to do.
        case failed(reason: String)
        /// Nobody scanned the code within the timeout.
        case timedOut
    }

    /// The session to pair.
    let session: Session
    /// What the loop sleeps on.
    let clock: WaitClock
    /// How long to wait for the scan, counted from the start.
    var timeout: Duration
    /// How often to read the status.
    var pollInterval: Duration = .seconds(2)

    /// Runs the loop; `showQRCode` is called with each QR value that differs from the
    /// previous one (WhatsApp rotates it about every 20 seconds), `statusChanged` with
    /// each status that differs from the one before.
    /// - Throws: ``TransportError`` when the session cannot be started, and
    ///   `CancellationError` when the task is cancelled while waiting.
    func run(showQRCode: (String) -> Void, statusChanged: (ConnectionStatus) -> Void = { _ in }) async throws -> Outcome {
        let deadline = clock.now.advanced(by: timeout)
        var status = try await session.startSession()
        var shownQRCode: String?
        var reportedStatus: ConnectionStatus?
        while true {
            if status != reportedStatus {
                reportedStatus = status
                statusChanged(status)
            }
            switch status {
            case .connected(let detail):
                return .connected(detail: detail)
            case .disconnected(let reason), .unauthorized(let reason):
                return .failed(reason: reason)
            case .pairingRequired(let qrCode?) where qrCode != shownQRCode:
                shownQRCode = qrCode
                showQRCode(qrCode)
            case .pairingRequired, .connecting, .unreachable:
                break  // still starting, or a passing gateway hiccup: ask again
            }
            let remaining = clock.now.duration(to: deadline)
            guard remaining > .zero else { return .timedOut }
            try await clock.sleep(for: min(pollInterval, remaining))
            status = await session.connectionStatus()
        }
    }
}
