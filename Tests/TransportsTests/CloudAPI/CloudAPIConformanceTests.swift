import Foundation
import TestSupport
import Testing

@testable import Transports

/// The shared conformance payloads: every signature checks over the exact bytes, a
/// flipped byte or a missing header is refused, and every file parses to what it says.
@Suite("Cloud API conformance vectors")
struct CloudAPIConformanceTests {
    private let transport = CloudAPITransport(
        configuration: CloudAPIConfiguration(
            phoneNumberID: "204060801234567", accessToken: "unused", appSecret: CloudAPIConformanceVectors.appSecret, verifyToken: "unused"),
        client: CloudAPIRecordingClient())

    private func post(_ body: Data, signature: String?) -> WebhookRequest {
        WebhookRequest(method: "POST", path: "/webhooks/cloud-api", headers: signature.map { [("X-Hub-Signature-256", $0)] } ?? [], body: body)
    }

    private func events(_ name: String) throws -> [WebhookEvent] {
        let vector = try #require(try CloudAPIConformanceVectors.load().first { $0.name == name }, "no vector \(name)")
        let reply = transport.handleWebhook(post(vector.body, signature: vector.signature))
        try #require(reply.response.status == 200)
        return reply.events
    }

    @Test func allElevenVectorsArePresent() throws {
        let names = try CloudAPIConformanceVectors.load().map(\.name)
        #expect(names.count == 11)
        #expect(names.contains("inbound-text-unicode.json"))
    }

    @Test func everySignatureVerifiesOverTheExactBytes() throws {
        for vector in try CloudAPIConformanceVectors.load() {
            let reply = transport.handleWebhook(post(vector.body, signature: vector.signature))
            #expect(reply.response.status == 200, "\(vector.name)")
            #expect(!reply.events.isEmpty, "\(vector.name)")
            #expect(transport.webhookSignature(for: vector.body) == vector.signature, "\(vector.name)")
        }
    }

    @Test func aFlippedByteAnywhereFails() throws {
        for vector in try CloudAPIConformanceVectors.load() {
            for offset in [0, vector.body.count / 2, vector.body.count - 1] {
                var body = vector.body
                body[body.startIndex + offset] ^= 0x01
                let reply = transport.handleWebhook(post(body, signature: vector.signature))
                #expect(reply.response.status == 403, "\(vector.name) byte \(offset)")
                #expect(reply.events.isEmpty)
            }
        }
    }

    @Test func aMissingHeaderIs401AndAFlippedSignatureIs403() throws {
        for vector in try CloudAPIConformanceVectors.load() {
            let missing = transport.handleWebhook(post(vector.body, signature: nil))
            #expect(missing.response.status == 401, "\(vector.name)")
            #expect(missing.events.isEmpty)
            var signature = Array(vector.signature)
            signature[signature.count - 1] = signature.last == "0" ? "1" : "0"
            let wrong = transport.handleWebhook(post(vector.body, signature: String(signature)))
            #expect(wrong.response.status == 403, "\(vector.name)")
            #expect(wrong.events.isEmpty)
        }
    }

    @Test func theRoutingHelperFindsThePhoneNumberOfEveryVector() throws {
        for vector in try CloudAPIConformanceVectors.load() {
            #expect(CloudAPITransport.phoneNumberIDs(inWebhookBody: vector.body) == ["204060801234567"], "\(vector.name)")
        }
    }

    @Test func inboundText() throws {
        let events = try events("inbound-text.json")
        #expect(
            events == [
                .message(
                    InboundMessage(
                        phoneNumberID: "204060801234567", id: "wamid.CONF.text.0001", from: "5511987650001",
                        contact: ContactProfile(name: "Maria Silva", waID: "5511987650001", userID: nil),
                        timestamp: Date(timeIntervalSince1970: 1_764_064_800), replyingTo: nil, content: .text("order status please")))
            ])
        #expect(events.first?.deduplicationKey == "message:wamid.CONF.text.0001")
    }

    @Test func inboundTextWithEscapesIsDecoded() throws {
        let vector = try #require(try CloudAPIConformanceVectors.load().first { $0.name == "inbound-text-unicode.json" })
        // The file holds \u escapes, not UTF-8: the signature covers the escapes as sent.
        #expect(String(decoding: vector.body, as: UTF8.self).contains(#"Jos\u00e9"#))
        guard case .message(let message) = try events("inbound-text-unicode.json").first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.contact?.name == "José Núñez")
        #expect(message.content == .text("¿Hola, dónde está mi pedido? 📦"))
        #expect(message.from == "5215550002222")
    }

    @Test func interactiveButtonReply() throws {
        guard case .message(let message) = try events("inbound-button-reply.json").first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.content == .buttonReply(id: "track", title: "Track order"))
        #expect(message.replyingTo == "wamid.CONF.out.0042")
        #expect(message.content.text == "Track order")
    }

    @Test func interactiveListReply() throws {
        guard case .message(let message) = try events("inbound-list-reply.json").first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.content == .listReply(id: "size-m", title: "Medium", description: "Chest 96-101 cm"))
        #expect(message.replyingTo == "wamid.CONF.out.0043")
    }

    @Test func templateQuickReply() throws {
        guard case .message(let message) = try events("inbound-template-quick-reply.json").first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.content == .quickReply(payload: "STOP_PROMOS", text: "Stop promotions"))
        #expect(message.replyingTo == "wamid.CONF.out.0044")
    }

    @Test func image() throws {
        guard case .message(let message) = try events("inbound-image.json").first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.content == .media(InboundMedia(kind: .image, mediaID: "987650001122", mimeType: "image/jpeg", caption: "broken mug")))
        #expect(message.content.text == "broken mug")
    }

    @Test func contactKnownOnlyByUserID() throws {
        guard case .message(let message) = try events("inbound-no-wa-id.json").first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.contact == ContactProfile(name: "Ana", waID: nil, userID: "BR.1234567890123456789"))
        #expect(message.from == "5511987650003")
        #expect(message.content == .text("hi"))
    }

    @Test func deliveredStatus() throws {
        let events = try events("status-delivered.json")
        guard case .status(let status) = events.first else {
            Issue.record("expected a status")
            return
        }
        #expect(status.messageID == "wamid.CONF.out.0042")
        #expect(status.state == .delivered)
        #expect(status.recipientID == "5511987650001")
        #expect(status.timestamp == Date(timeIntervalSince1970: 1_764_064_810))
        #expect(status.pricingCategory == "utility")
        #expect(status.conversationID == nil)
        #expect(status.errors.isEmpty)
        #expect(events.first?.deduplicationKey == "status:wamid.CONF.out.0042:delivered")
    }

    @Test func readWithoutDelivered() throws {
        let events = try events("status-read-without-delivered.json")
        guard case .status(let status) = events.first else {
            Issue.record("expected a status")
            return
        }
        #expect(status.state == .read)
        #expect(status.messageID == "wamid.CONF.out.0045")
        #expect(status.pricingCategory == nil)
        #expect(events.first?.deduplicationKey == "status:wamid.CONF.out.0045:read")
    }

    @Test func failedStatusCarriesItsErrors() throws {
        guard case .status(let status) = try events("status-failed.json").first else {
            Issue.record("expected a status")
            return
        }
        #expect(status.state == .failed)
        #expect(
            status.errors == [
                ProviderError(
                    code: "131026", title: "Message undeliverable", message: "Message undeliverable", details: "Recipient is not a WhatsApp user")
            ])
        guard case .failedForRecipient(let code, _) = CloudAPITransport.outcome(forFailedStatus: status.errors[0]) else {
            Issue.record("131026 should fail for the recipient")
            return
        }
        #expect(code == "131026")
    }

    @Test func systemError() throws {
        let events = try events("system-error.json")
        #expect(
            events == [
                .systemError(
                    SystemErrorReport(
                        phoneNumberID: "204060801234567",
                        error: ProviderError(
                            code: "130429", title: "Rate limit hit", message: "Rate limit hit",
                            details: "Too many messages sent from this phone number in a short period of time")))
            ])
        #expect(
            events.first?.deduplicationKey
                == "system-error:204060801234567:130429:Too many messages sent from this phone number in a short period of time")
    }
}
