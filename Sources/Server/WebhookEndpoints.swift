import Foundation
import Transports

/// The webhook endpoints without the HTTP server around them: which sender a request is
/// for, its verification by that sender's transport, and handing its events to the sink.
/// Kept apart from Hummingbird so every rule is tested on plain values.
public struct WebhookEndpoints: Sendable {
    /// Cloud API senders by name.
    public var cloudAPI: [String: CloudAPITransport]
    /// Gateway senders by name.
    public var gateway: [String: GatewayTransport]
    /// Simulator senders by name.
    public var simulators: [String: any SimulatedInbound]
    /// Where verified events go.
    public var sink: any WebhookSink

    public init(
        cloudAPI: [String: CloudAPITransport] = [:], gateway: [String: GatewayTransport] = [:], simulators: [String: any SimulatedInbound] = [:],
        sink: any WebhookSink
    ) {
        self.cloudAPI = cloudAPI
        self.gateway = gateway
        self.simulators = simulators
        self.sink = sink
    }

    /// `GET` and `POST /webhooks/cloud-api`: one URL for every Cloud API sender.
    ///
    /// `GET` is Meta's subscription handshake: the first sender whose `verifyToken`
    /// matches answers the challenge; otherwise 403. `POST` must carry a signature one of
    /// the senders' app secrets verifies (401 unsigned, 403 forged: nothing is kept); its
    /// events then go to the senders named by their `metadata.phone_number_id`.
    public func cloudAPI(_ request: WebhookRequest) async -> HTTPResponse {
        let senders = cloudAPI.sorted { $0.key < $1.key }
        guard !senders.isEmpty else { return Self.text(404, "no cloud-api sender is configured") }
        if request.method == "GET" {
            var last = HTTPResponse(status: 403)
            for (_, transport) in senders {
                let reply = transport.handleWebhook(request)
                if reply.response.status == 200 { return reply.response }
                last = reply.response
            }
            return last
        }
        // Verify before reading anything: the first sender whose app secret checks the
        // signature takes the request, so a forged body learns nothing about our numbers.
        var refusal = HTTPResponse(status: 401)
        for (_, transport) in senders {
            let reply = transport.handleWebhook(request)
            guard reply.response.status == 200 else {
                if reply.response.status != 401 || refusal.status == 401 { refusal = reply.response }
                continue
            }
            // One app secret signs for all of an app's numbers: each event goes to the sender
            // with its phone number id; events for numbers no sender has are dropped.
            var bySender: [String: [WebhookEvent]] = [:]
            for event in reply.events {
                guard let owner = senders.first(where: { $0.value.configuration.phoneNumberID == event.phoneNumberID })?.key else { continue }
                bySender[owner, default: []].append(event)
            }
            for (sender, events) in bySender.sorted(by: { $0.key < $1.key }) {
                if let failure = await record(events, sender: sender) { return failure }
            }
            return reply.response
        }
        return refusal
    }

    /// `POST /webhooks/gateway/{sender}`: verified with that sender's `webhookSecret`.
    public func gateway(sender: String, _ request: WebhookRequest) async -> HTTPResponse {
        guard let transport = gateway[sender] else { return Self.text(404, "no gateway sender '\(sender)'") }
        let reply = transport.handleWebhook(request)
        guard reply.response.status == 200 else { return reply.response }
        return await record(reply.events, sender: sender) ?? reply.response
    }

    /// `POST /simulator/inbound` with `{"sender": …, "from": …, "name": …, "text": …}`:
    /// a contact writes to a simulator sender.
    public func simulatorInbound(_ body: Data) async -> HTTPResponse {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            return Self.text(400, #"the body must be JSON: {"sender": "...", "from": "+1555...", "name": "...", "text": "..."}"#)
        }
        guard let sender = object["sender"] as? String, let from = object["from"] as? String, let text = object["text"] as? String else {
            return Self.text(400, "'sender', 'from' and 'text' are required strings")
        }
        guard let simulator = simulators[sender] else {
            let names = simulators.keys.sorted()
            return Self.text(404, "no simulator sender '\(sender)'" + (names.isEmpty ? "" : "; simulator senders: \(names.joined(separator: ", "))"))
        }
        let event = simulator.receive(from: from, name: object["name"] as? String, text: text)
        if let failure = await record([event], sender: sender) { return failure }
        return HTTPResponse(status: 202, headers: [("Content-Type", "application/json")], body: Data(#"{"accepted":true}"#.utf8))
    }

    /// Stores `events`; a 503 when the sink fails, so the provider retries.
    private func record(_ events: [WebhookEvent], sender: String) async -> HTTPResponse? {
        guard !events.isEmpty else { return nil }
        do {
            try await sink.record(events, sender: sender)
            return nil
        } catch {
            return Self.text(503, "the events could not be stored; deliver again later")
        }
    }

    static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Data((text + "\n").utf8))
    }
}
