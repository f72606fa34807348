import Foundation
import TestSupport
import Testing

@testable import Transports

/// The gateway transport over the real libcurl client against the WAHA fake on
/// 127.0.0.1: session lifecycle, request shapes and error classes survive the round trip.
@Suite("Gateway over HTTP")
struct GatewayOverHTTPTests {
    /// Runs `body` with a fresh server, client and transport, then shuts them down.
    private func withGateway(
        apiKey: String = GatewayFake.apiKey, path: String = "", timeout: Duration = .seconds(5),
        _ body: (GatewayTransport, GatewayFake) async throws -> Void
    ) async throws {
        try await withLoopback { server, client in
            let configuration = GatewayConfiguration(
                baseURL: server.url(path), session: GatewayFixture.session, apiKey: apiKey, requestTimeout: timeout)
            try await body(GatewayTransport(configuration: configuration, client: client), server.gateway)
        }
    }

    private func json(_ request: GatewayFake.Request) -> JSONValue? {
        JSONValue(parsing: Data(request.body.utf8))
    }

    @Test("a stopped session starts, waits for a scan with a QR value that rotates, then works")
    func lifecycle() async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "STOPPED")
            guard case .disconnected(let reason) = await transport.connectionStatus() else {
                Issue.record("a stopped session should be disconnected")
                return
            }
            #expect(reason.contains("stopped"))
            #expect(try await transport.startSession() == .connecting)
            #expect(await transport.connectionStatus() == .connecting)
            #expect(await transport.connectionStatus() == .pairingRequired(qrCode: "2@fake-qr-1,sales-1"))
            let first = try await transport.qrCode()
            let second = try await transport.qrCode()
            #expect(first == "2@fake-qr-2,sales-1")
            #expect(second == "2@fake-qr-3,sales-1")
            fake.scanQRCode("sales-1")
            let status = await transport.connectionStatus()
            #expect(status == .connected(detail: "+15550001111, Sales"))
            #expect(status.canSend)
            #expect(
                fake.requests.map { "\($0.method) \($0.target)" } == [
                    "GET /api/sessions/sales-1", "POST /api/sessions/sales-1/start", "GET /api/sessions/sales-1", "GET /api/sessions/sales-1",
                    "GET /api/sales-1/auth/qr?format=raw", "GET /api/sales-1/auth/qr?format=raw", "GET /api/sales-1/auth/qr?format=raw",
                    "GET /api/sessions/sales-1",
                ])
            #expect(fake.requests.allSatisfy { $0.apiKey == GatewayFake.apiKey })
        }
    }

    @Test("starting a session the gateway lacks creates it, started")
    func startCreatesAMissingSession() async throws {
        try await withGateway { transport, fake in
            let status = try await transport.startSession()
            #expect(status == .connecting)
            #expect(fake.status(of: "sales-1") == "STARTING")
            let requests = fake.requests
            #expect(requests.map { "\($0.method) \($0.target)" } == ["POST /api/sessions/sales-1/start", "POST /api/sessions"])
            #expect(json(requests[1]) == ["name": "sales-1", "start": true])
            #expect(requests[1].contentType == "application/json")
        }
    }

    @Test("starting a working session leaves it working")
    func startIsIdempotent() async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            let status = try await transport.startSession()
            #expect(status == .connected(detail: "+15550001111, Sales"))
            #expect(fake.status(of: "sales-1") == "WORKING")
        }
    }

    @Test("a QR read outside pairing is refused with the session's status")
    func qrOutsidePairing() async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            do throws(TransportError) {
                _ = try await transport.qrCode()
                Issue.record("expected a TransportError")
            } catch {
                #expect(error.code.rawValue == "gateway.session-not-working")
                #expect(error.message.contains("WORKING"))
                #expect(!error.isTransient)
            }
        }
    }

    @Test("an accepted text returns WhatsApp Web's serialized id; the body has WAHA's fields")
    func sendText() async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            let plain = await transport.send(OutboundMessage(to: "+55 11 98765-0001", content: .text("Hello")), attempt: 0)
            #expect(plain == .accepted(providerMessageID: "true_5511987650001@c.us_3EB0FAKE1", waID: "5511987650001"))
            let reply = await transport.send(
                OutboundMessage(
                    to: "+5511987650001", content: .text("See https://example.com", previewURL: true), replyTo: "false_5511987650001@c.us_3EB0IN"),
                attempt: 0)
            #expect(reply == .accepted(providerMessageID: "true_5511987650001@c.us_3EB0FAKE2", waID: "5511987650001"))
            let requests = fake.requests
            #expect(requests.map { "\($0.method) \($0.target)" } == ["POST /api/sendText", "POST /api/sendText"])
            #expect(json(requests[0]) == ["session": "sales-1", "chatId": "5511987650001@c.us", "text": "Hello", "linkPreview": false])
            #expect(
                json(requests[1]) == [
                    "session": "sales-1", "chatId": "5511987650001@c.us", "text": "See https://example.com", "linkPreview": true,
                    "reply_to": "false_5511987650001@c.us_3EB0IN",
                ])
            #expect(requests.allSatisfy { $0.contentType == "application/json" && $0.apiKey == GatewayFake.apiKey })
        }
    }

    @Test("typing on and off, and a read receipt, name the session and the chat")
    func typingAndSeen() async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            try await transport.showTyping(to: "+5511987650001", replyingTo: nil)
            try await transport.stopTyping(to: "+5511987650001")
            try await transport.markRead(messageID: "false_5511987650001@c.us_3EB0IN")
            let requests = fake.requests
            #expect(requests.map(\.target) == ["/api/startTyping", "/api/stopTyping", "/api/sendSeen"])
            #expect(json(requests[0]) == ["session": "sales-1", "chatId": "5511987650001@c.us"])
            #expect(json(requests[1]) == ["session": "sales-1", "chatId": "5511987650001@c.us"])
            #expect(
                json(requests[2]) == ["session": "sales-1", "chatId": "5511987650001@c.us", "messageIds": ["false_5511987650001@c.us_3EB0IN"]])
        }
    }

    @Test(
        "each scripted gateway error arrives in its class",
        arguments: [
            ("+5511987659400", "message", "http.400"), ("+5511987659429", "retry", "http.429"), ("+5511987659500", "retry", "http.500"),
            ("+5511987659502", "retry", "http.502"),
        ])
    func errorClasses(_ recipient: String, _ expected: String, _ code: String) async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            let outcome = await transport.send(OutboundMessage(to: recipient, content: .text("Hello")), attempt: 0)
            switch (outcome, expected) {
            case (.failedMessage, "message"), (.retryLater, "retry"): break
            default: Issue.record("\(recipient): expected \(expected), got \(outcome)")
            }
            #expect(outcome.code == code)
        }
    }

    @Test("a 429 waits as long as Retry-After says, for the whole gateway")
    func rateLimitHonoursRetryAfter() async throws {
        try await withGateway { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            guard case .retryLater(let advice) = await transport.send(OutboundMessage(to: "+5511987659429", content: .text("Hi")), attempt: 3)
            else {
                Issue.record("expected retryLater")
                return
            }
            #expect(advice.delay == .seconds(7))
            #expect(advice.scope == .application)
        }
    }

    @Test("a session that is not working, or missing, pauses the sender and says to connect it")
    func sessionNotReady() async throws {
        try await withGateway { transport, fake in
            let message = OutboundMessage(to: "+5511987650001", content: .text("Hello"))
            guard case .failedForSender(let missingCode, let missingReason) = await transport.send(message, attempt: 0) else {
                Issue.record("a missing session should fail for the sender")
                return
            }
            #expect(missingCode == "gateway.session-not-found")
            #expect(missingReason.contains("connect the sender"))
            fake.addSession("sales-1", status: "SCAN_QR_CODE")
            guard case .failedForSender(let code, let reason) = await transport.send(message, attempt: 0) else {
                Issue.record("a session waiting for its QR code should fail for the sender")
                return
            }
            #expect(code == "gateway.session-not-working")
            #expect(reason.contains("SCAN_QR_CODE"))
            #expect(reason.contains("connect the sender"))
        }
    }

    @Test("a wrong API key pauses the sender and reads as unauthorized")
    func wrongAPIKey() async throws {
        try await withGateway(apiKey: "guess") { transport, fake in
            fake.addSession("sales-1", status: "WORKING")
            let outcome = await transport.send(OutboundMessage(to: "+5511987650001", content: .text("Hello")), attempt: 0)
            guard case .failedForSender(let code, let reason) = outcome else {
                Issue.record("expected failedForSender, got \(outcome)")
                return
            }
            #expect(code == "http.401")
            #expect(reason.contains("apiKey"))
            guard case .unauthorized = await transport.connectionStatus() else {
                Issue.record("expected unauthorized")
                return
            }
        }
    }

    @Test("a send that times out after going out is unknown, never retried")
    func timeoutAfterSending() async throws {
        try await withGateway(path: "/hang", timeout: .milliseconds(300)) { transport, _ in
            let outcome = await transport.send(OutboundMessage(to: "+5511987650001", content: .text("Hello")), attempt: 0)
            guard case .unknown(let code, _) = outcome else {
                Issue.record("expected unknown, got \(outcome)")
                return
            }
            #expect(code == "http.timed-out")
        }
    }

    @Test("a gateway nobody listens on is retried later: nothing was sent")
    func connectionRefused() async throws {
        let port = try closedLoopbackPort()
        let client = try CurlHTTPClient()
        let configuration = GatewayConfiguration(baseURL: URL(string: "http://127.0.0.1:\(port)")!, session: "sales-1")
        let transport = GatewayTransport(configuration: configuration, client: client)
        let outcome = await transport.send(OutboundMessage(to: "+5511987650001", content: .text("Hello")), attempt: 0)
        await client.shutdown()
        guard case .retryLater(let advice) = outcome else {
            Issue.record("expected retryLater, got \(outcome)")
            return
        }
        #expect(advice.code == "http.could-not-connect")
    }
}
