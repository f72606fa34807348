import Foundation
import Testing

@testable import Transports

/// The Cloud API transport over the real libcurl client against the Graph fake on
/// 127.0.0.1: request shapes and error classes survive the round trip.
@Suite("Cloud API over HTTP")
struct CloudAPIOverHTTPTests {
    func transport(token: String = GraphFake.token) throws -> (CloudAPITransport, LoopbackHTTPServer, CurlHTTPClient) {
        let server = try LoopbackHTTPServer()
        let client = try CurlHTTPClient()
        let configuration = CloudAPIConfiguration(
            phoneNumberID: "204060801234567", accessToken: token, appSecret: "secret", verifyToken: "verify",
            baseURL: server.url(""), requestTimeout: .seconds(5))
        return (CloudAPITransport(configuration: configuration, client: client), server, client)
    }

    @Test("an accepted text returns the provider's message id and wa_id")
    func accepted() async throws {
        let (transport, server, client) = try transport()
        defer { server.stop() }
        let outcome = await transport.send(OutboundMessage(to: "+15550101234", content: .text("Hello")), attempt: 0)
        #expect(outcome == .accepted(providerMessageID: "wamid.FAKE.15550101234", waID: "15550101234"))
        await client.shutdown()
    }

    @Test(
        "each scripted Graph error arrives in its class",
        arguments: [
            ("+15550109001", "recipient"), ("+15550109002", "retry"), ("+15550109003", "recipient"),
            ("+15550109004", "message"), ("+15550109005", "retry"),
        ])
    func errorClasses(_ recipient: String, _ expected: String) async throws {
        let (transport, server, client) = try transport()
        defer { server.stop() }
        let outcome = await transport.send(OutboundMessage(to: recipient, content: .text("Hello")), attempt: 0)
        switch (outcome, expected) {
        case (.failedForRecipient, "recipient"), (.retryLater, "retry"), (.failedMessage, "message"): break
        default: Issue.record("\(recipient): expected \(expected), got \(outcome)")
        }
        await client.shutdown()
    }

    @Test("a wrong token pauses the sender (code 190)")
    func wrongToken() async throws {
        let (transport, server, client) = try transport(token: "expired")
        defer { server.stop() }
        let outcome = await transport.send(OutboundMessage(to: "+15550101234", content: .text("Hello")), attempt: 0)
        guard case .failedForSender(let code, _) = outcome else {
            Issue.record("expected failedForSender, got \(outcome)")
            return
        }
        #expect(code == "190")
        await client.shutdown()
    }
}
