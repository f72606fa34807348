import Foundation
import TestSupport
import Testing

@testable import Transports

/// The shared gateway payloads: every signature checks over the exact bytes, a flipped
/// byte or a missing header is refused, and every file parses to what it says.
@Suite("Gateway conformance vectors")
struct GatewayConformanceTests {
    private let transport = GatewayFixture.transport([]).0

    private func events(_ name: String) throws -> [WebhookEvent] {
        let vector = try GatewayConformanceVectors.vector(name)
        let reply = transport.handleWebhook(GatewayFixture.post(vector.body, signature: vector.signature))
        try #require(reply.response.status == 200)
        return reply.events
    }

    @Test func allThreeVectorsArePresent() throws {
        #expect(try GatewayConformanceVectors.load().map(\.name).sorted() == ["message.ack.json", "message.json", "session.status.json"])
    }

    @Test func everySignatureVerifiesOverTheExactBytes() throws {
        for vector in try GatewayConformanceVectors.load() {
            let reply = transport.handleWebhook(GatewayFixture.post(vector.body, signature: vector.signature))
            #expect(reply.response.status == 200, "\(vector.name)")
            #expect(reply.events.count == 1, "\(vector.name)")
            #expect(transport.webhookSignature(for: vector.body) == vector.signature, "\(vector.name)")
            #expect(GatewayTransport.sessionName(inWebhookBody: vector.body) == "sales-1", "\(vector.name)")
        }
    }

    @Test func aFlippedByteAnywhereIs403() throws {
        for vector in try GatewayConformanceVectors.load() {
            for offset in [0, vector.body.count / 2, vector.body.count - 1] {
                var body = vector.body
                body[body.startIndex + offset] ^= 0x01
                let reply = transport.handleWebhook(GatewayFixture.post(body, signature: vector.signature))
                #expect(reply.response.status == 403, "\(vector.name) byte \(offset)")
                #expect(reply.events.isEmpty)
            }
        }
    }

    @Test func aMissingHeaderIs401AndAFlippedSignatureIs403() throws {
        for vector in try GatewayConformanceVectors.load() {
            let missing = transport.handleWebhook(GatewayFixture.post(vector.body, signature: .some(nil)))
            #expect(missing.response.status == 401, "\(vector.name)")
            #expect(missing.events.isEmpty)
            var signature = Array(vector.signature)
            signature[signature.count - 1] = signature.last == "0" ? "1" : "0"
            let wrong = transport.handleWebhook(GatewayFixture.post(vector.body, signature: String(signature)))
            #expect(wrong.response.status == 403, "\(vector.name)")
            #expect(wrong.events.isEmpty)
            let upper = transport.handleWebhook(GatewayFixture.post(vector.body, signature: vector.signature.uppercased()))
            #expect(upper.response.status == 200, "hex is case-insensitive: \(vector.name)")
        }
    }

    @Test func inboundMessage() throws {
        let events = try events("message.json")
        #expect(
            events == [
                .message(
                    InboundMessage(
                        phoneNumberID: "sales-1", id: "false_5511987650001@c.us_3EB0CONF0001", from: "5511987650001",
                        contact: ContactProfile(name: "Maria Silva", waID: "5511987650001", userID: nil),
                        timestamp: Date(timeIntervalSince1970: 1_764_064_800), replyingTo: nil, content: .text("hello")))
            ])
        #expect(events.first?.deduplicationKey == "message:false_5511987650001@c.us_3EB0CONF0001")
    }

    @Test func readAck() throws {
        let events = try events("message.ack.json")
        #expect(
            events == [
                .status(
                    DeliveryStatus(
                        phoneNumberID: "sales-1", messageID: "true_5511987650001@c.us_3EB0CONF0099", state: .read, recipientID: "5511987650001",
                        timestamp: Date(timeIntervalSince1970: 1_764_064_805.456)))
            ])
        #expect(events.first?.deduplicationKey == "status:true_5511987650001@c.us_3EB0CONF0099:read")
    }

    @Test func sessionStatus() throws {
        let events = try events("session.status.json")
        #expect(
            events == [
                .connectionChanged(
                    ConnectionChange(
                        phoneNumberID: "sales-1", status: .pairingRequired(qrCode: nil), providerStatus: "SCAN_QR_CODE", eventID: "evt_01CONF0003",
                        timestamp: Date(timeIntervalSince1970: 1_764_064_790)))
            ])
        #expect(events.first?.deduplicationKey == "connection:sales-1:SCAN_QR_CODE:evt_01CONF0003")
        #expect(events.first?.phoneNumberID == "sales-1")
    }

    @Test func duplicateDeliveriesShareTheirDeduplicationKeys() throws {
        for vector in try GatewayConformanceVectors.load() {
            let first = transport.handleWebhook(GatewayFixture.post(vector.body, signature: vector.signature)).events
            let again = transport.handleWebhook(GatewayFixture.post(vector.body, signature: vector.signature)).events
            #expect(first.map(\.deduplicationKey) == again.map(\.deduplicationKey), "\(vector.name)")
            #expect(!first.isEmpty)
        }
    }
}
