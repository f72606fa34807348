import Transports

/// Where verified webhook events go. The daemon stores them durably before answering
/// (a provider that gets no 2xx delivers again), and processes them afterwards.
public protocol WebhookSink: Sendable {
    /// Keeps `events` received for the sender named `sender`; throws when they could not
    /// be stored, which makes the server answer 503 so the provider retries.
    func record(_ events: [WebhookEvent], sender: String) async throws
}

/// A simulator sender's way to make a contact's message, for `POST /simulator/inbound`.
public protocol SimulatedInbound: Sendable {
    func receive(from: String, name: String?, text: String) -> WebhookEvent
}

extension SimulatorTransport: SimulatedInbound {}
