import Crypto
import Foundation
import Hummingbird
import Store
import Synchronization
import TestSupport
import Testing
import Transports

/// `engine run` with a Cloud API sender against a Graph API fake on loopback: Meta's
/// verification handshake, unsigned and forged webhooks refused with nothing stored, a
/// signed message answered by a flow through the fake, and a signed delivery status
/// moving the answer on.
@Suite("engine run with the Cloud API", .timeLimit(.minutes(1)))
struct CloudAPIEndToEndTests {
    static let appSecret = "e2e-app-secret"
    static let phoneNumberID = "1234567890"

    /// A Meta webhook body with one change.
    static func webhook(_ value: String) -> Data {
        Data(
            #"{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550100005","phone_number_id":"\#(phoneNumberID)"},\#(value)}}]}]}"#
                .utf8)
    }

    static func signature(_ body: Data, secret: String = appSecret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test("verification, forged and unsigned webhooks refused, a signed message answered through the Graph API, its status applied")
    func endToEnd() async throws {
        // The Graph API fake: records each send and answers like Meta.
        let sent = Mutex<[String]>([])
        let graphPort = try closedLoopbackPort()
        let router = Router()
        router.post("/{version}/{phone}/messages") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: body)
            let authorized = request.headers[.authorization] == "Bearer e2e-token" && context.parameters.get("phone") == Self.phoneNumberID
            sent.withLock { $0.append(authorized ? text : "unauthorized: \(text)") }
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string:
                            #"{"messaging_product":"whatsapp","contacts":[{"input":"+15550109001","wa_id":"15550109001"}],"messages":[{"id":"wamid.OUT.1"}]}"#
                    )))
        }
        let graph = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: Int(graphPort))))
        let graphTask = Task { try await graph.runService() }
        defer { graphTask.cancel() }

        let directory = try TemporaryDirectory()
        try directory.write(
            "config.yaml",
            """
            kind: Sender
            name: meta
            transport: cloud-api
            phone: "+15550100005"
            phoneNumberId: "\(Self.phoneNumberID)"
            accessToken: ${env:E2E_WA_TOKEN}
            appSecret: ${env:E2E_WA_SECRET}
            verifyToken: ${env:E2E_WA_VERIFY}
            baseURL: http://127.0.0.1:\(graphPort)
            ---
            kind: Flow
            name: hi
            triggers: [{ keywords: [hi] }]
            start: a
            nodes:
              a: { send: "Hello <<contact.name>>!", next: end }
            """)
        let engine = try RunningEngine(
            in: directory.url, environment: ["E2E_WA_TOKEN": "e2e-token", "E2E_WA_SECRET": Self.appSecret, "E2E_WA_VERIFY": "e2e-verify"])
        let client = try CurlHTTPClient()
        let base = engine.base
        try await engine.waitUntilReady(client)
        let webhookURL = URL(string: base + "/webhooks/cloud-api")!

        // Meta's subscription handshake.
        let verified = try await client.send(
            Transports.HTTPRequest(
                method: .get, url: URL(string: base + "/webhooks/cloud-api?hub.mode=subscribe&hub.verify_token=e2e-verify&hub.challenge=4711")!))
        #expect(verified.status == 200 && String(decoding: verified.body, as: UTF8.self) == "4711")
        let wrongToken = try await client.send(
            Transports.HTTPRequest(
                method: .get, url: URL(string: base + "/webhooks/cloud-api?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=4711")!))
        #expect(wrongToken.status == 403)

        // Unsigned and forged messages: refused, nothing stored.
        let message = Self.webhook(
            #""contacts":[{"profile":{"name":"Ada"},"wa_id":"15550109001"}],"messages":[{"from":"15550109001","id":"wamid.IN.1","timestamp":"1764000000","type":"text","text":{"body":"hi"}}]"#
        )
        let unsigned = try await client.send(
            Transports.HTTPRequest(method: .post, url: webhookURL, headers: [("Content-Type", "application/json")], body: message))
        #expect(unsigned.status == 401)
        let forged = try await client.send(
            Transports.HTTPRequest(
                method: .post, url: webhookURL,
                headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", Self.signature(message, secret: "not-the-secret"))],
                body: message))
        #expect(forged.status == 403)
        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        #expect(try store.outboxEntries(to: "+15550109001", after: 0).isEmpty)

        // Signed: the flow answers through the Graph API fake.
        let signed = try await client.send(
            Transports.HTTPRequest(
                method: .post, url: webhookURL, headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", Self.signature(message))],
                body: message))
        #expect(signed.status == 200)
        try await waitUntil("the answer is sent through the Graph API") {
            ((try? store.outboxEntries(to: "+15550109001", after: 0)) ?? []).contains { $0.state == "sent" }
        }
        let calls = sent.withLock { $0 }
        #expect(calls.count == 1)
        #expect(calls.first?.contains(#""body":"Hello Ada!""#) == true, "\(calls)")

        // The same message again (Meta retries): answered 200, nothing sent twice.
        let repeated = try await client.send(
            Transports.HTTPRequest(
                method: .post, url: webhookURL, headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", Self.signature(message))],
                body: message))
        #expect(repeated.status == 200)

        // A signed delivery status moves the answer on.
        let status = Self.webhook(
            #""statuses":[{"id":"wamid.OUT.1","status":"delivered","timestamp":"1764000001","recipient_id":"15550109001"}]"#)
        let delivered = try await client.send(
            Transports.HTTPRequest(
                method: .post, url: webhookURL, headers: [("Content-Type", "application/json"), ("X-Hub-Signature-256", Self.signature(status))],
                body: status))
        #expect(delivered.status == 200)
        try await waitUntil("the status is applied") {
            ((try? store.outboxEntries(to: "+15550109001", after: 0)) ?? []).contains { $0.state == "delivered" }
        }
        #expect(try store.outboxEntries(to: "+15550109001", after: 0).count == 1)
        #expect(sent.withLock { $0 }.count == 1)

        let stopped = engine.stop()
        #expect(stopped.status == 0, "\(stopped.log)")
        await client.shutdown()
    }
}
