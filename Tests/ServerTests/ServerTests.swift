import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Synchronization
import TestSupport
import Testing
import Transports

/// A sink that keeps what it is given, or fails on demand.
final class RecordingSink: WebhookSink {
    private let state = Mutex<(events: [String: [WebhookEvent]], failing: Bool)>(([:], false))

    var events: [String: [WebhookEvent]] { state.withLock { $0.events } }

    func fail() { state.withLock { $0.failing = true } }

    func record(_ events: [WebhookEvent], sender: String) async throws {
        struct Refused: Error {}
        try state.withLock { state in
            if state.failing { throw Refused() }
            state.events[sender, default: []] += events
        }
    }
}

@Suite("Webhook server")
struct ServerTests {
    static let appSecret = "conformance-app-secret"
    static let gatewaySession = "sales-1"

    func endpoints(_ sink: RecordingSink) throws -> WebhookEndpoints {
        let client = try CurlHTTPClient()
        let cloud = CloudAPITransport(
            configuration: CloudAPIConfiguration(
                phoneNumberID: "204060801234567", accessToken: "token", appSecret: Self.appSecret, verifyToken: "verify-me"),
            client: client)
        let other = CloudAPITransport(
            configuration: CloudAPIConfiguration(phoneNumberID: "999", accessToken: "token", appSecret: "other", verifyToken: "other-token"),
            client: client)
        let simulator = SimulatorTransport(
            configuration: SimulatorConfiguration(senderName: "sim", senderPhone: "+15550100009"), clock: TestClock(),
            recorder: InMemorySimulatorRecorder())
        let gateway = GatewayTransport(
            configuration: GatewayConfiguration(
                baseURL: URL(fileURLWithPath: "/"), session: Self.gatewaySession, webhookSecret: "conformance-gateway-secret"),
            client: client)
        return WebhookEndpoints(cloudAPI: ["shop": cloud, "other": other], gateway: ["wa": gateway], simulators: ["sim": simulator], sink: sink)
    }

    func withServer(_ body: @Sendable (any TestClientProtocol, RecordingSink) async throws -> Void) async throws {
        let sink = RecordingSink()
        let ready = Mutex(false)
        let router = EngineServer.router(endpoints: try endpoints(sink), isReady: { ready.withLock { $0 } })
        try await Application(router: router).test(.router) { client in try await body(client, sink) }
    }

    @Test("health and readiness")
    func health() async throws {
        try await withServer { client, _ in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test("the subscription handshake answers the raw challenge for the sender whose token matches, 403 otherwise")
    func handshake() async throws {
        try await withServer { client, _ in
            try await client.execute(
                uri: "/webhooks/cloud-api?hub.mode=subscribe&hub.verify_token=other-token&hub.challenge=1158201444", method: .get
            ) {
                #expect($0.status == .ok)
                #expect(String(buffer: $0.body) == "1158201444")
            }
            try await client.execute(uri: "/webhooks/cloud-api?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", method: .get) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test("every signed conformance payload is routed to its sender and stored; forged and unsigned ones are refused and nothing is kept")
    func signedPayloads() async throws {
        let vectors = try ConformanceVectors(provider: "cloud-api").load()
        #expect(!vectors.isEmpty)
        try await withServer { client, sink in
            for vector in vectors {
                try await client.execute(
                    uri: "/webhooks/cloud-api", method: .post, headers: [HTTPField.Name("X-Hub-Signature-256")!: vector.signature],
                    body: ByteBuffer(bytes: vector.body)
                ) { #expect($0.status == .ok, "\(vector.name)") }
            }
            #expect(sink.events.keys.sorted() == ["shop"])
            let stored = sink.events["shop"]?.count ?? 0
            #expect(stored >= vectors.count - 1, "one event or more per payload")

            var forged = vectors[0].body
            forged[forged.count / 2] ^= 0x01
            try await client.execute(
                uri: "/webhooks/cloud-api", method: .post, headers: [HTTPField.Name("X-Hub-Signature-256")!: vectors[0].signature],
                body: ByteBuffer(bytes: forged)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/webhooks/cloud-api", method: .post, body: ByteBuffer(bytes: vectors[0].body)) {
                #expect($0.status == .unauthorized)
            }
            #expect(sink.events["shop"]?.count == stored, "nothing kept from refused requests")
        }
    }

    @Test("an unsigned payload for an unknown number is 401, an oversized body 413, a failing store 503")
    func refusals() async throws {
        let vector = try ConformanceVectors(provider: "cloud-api").vector("inbound-text.json")
        try await withServer { client, sink in
            let unknown = String(decoding: vector.body, as: UTF8.self).replacingOccurrences(of: "204060801234567", with: "111")
            try await client.execute(uri: "/webhooks/cloud-api", method: .post, body: ByteBuffer(string: unknown)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(
                uri: "/webhooks/cloud-api", method: .post, body: ByteBuffer(repeating: 0x20, count: EngineServer.maximumBodySize + 1)
            ) { #expect($0.status == .contentTooLarge) }
            sink.fail()
            try await client.execute(
                uri: "/webhooks/cloud-api", method: .post, headers: [HTTPField.Name("X-Hub-Signature-256")!: vector.signature],
                body: ByteBuffer(bytes: vector.body)
            ) { #expect($0.status == .serviceUnavailable) }
        }
    }

    @Test("gateway events are verified with the sender's secret and stored under it; a wrong signature or sender is refused")
    func gatewayEvents() async throws {
        let vector = try ConformanceVectors(provider: "gateway").vector("message.json")
        try await withServer { client, sink in
            try await client.execute(
                uri: "/webhooks/gateway/wa", method: .post, headers: [HTTPField.Name("X-Webhook-Hmac")!: vector.signature],
                body: ByteBuffer(bytes: vector.body)
            ) { #expect($0.status == .ok) }
            #expect(sink.events["wa"]?.isEmpty == false)
            try await client.execute(
                uri: "/webhooks/gateway/wa", method: .post, headers: [HTTPField.Name("X-Webhook-Hmac")!: String(repeating: "0", count: 128)],
                body: ByteBuffer(bytes: vector.body)
            ) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/webhooks/gateway/nope", method: .post, body: ByteBuffer(bytes: vector.body)) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test("the simulator endpoint turns a JSON message into an inbound event for that simulator sender")
    func simulatorInbound() async throws {
        try await withServer { client, sink in
            try await client.execute(
                uri: "/simulator/inbound", method: .post,
                body: ByteBuffer(string: #"{"sender": "sim", "from": "+15550109001", "name": "Ada", "text": "hello"}"#)
            ) { #expect($0.status == .accepted) }
            guard case .message(let message)? = sink.events["sim"]?.first else {
                Issue.record("no inbound message stored")
                return
            }
            #expect(message.from.hasSuffix("15550109001") && message.content.text == "hello" && message.contact?.name == "Ada")
            try await client.execute(
                uri: "/simulator/inbound", method: .post, body: ByteBuffer(string: #"{"sender": "nope", "from": "1", "text": "x"}"#)
            ) {
                #expect($0.status == .notFound)
            }
            try await client.execute(uri: "/simulator/inbound", method: .post, body: ByteBuffer(string: "not json")) {
                #expect($0.status == .badRequest)
            }
        }
    }
}
