import Transports

/// The two calls ``SenderConnector`` needs from a gateway: kept tiny so tests can fake it.
protocol SenderSession: Sendable {
    /// Starts (or creates) the session and returns its status.
    /// - Throws: ``TransportError`` when the gateway refused or could not be reached.
    func startSession() async throws(TransportError) -> ConnectionStatus
    /// Reads the session's status; failures are reported as a status, never thrown.
    func connectionStatus() async -> ConnectionStatus
}
