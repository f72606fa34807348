import Foundation
import Testing

@testable import Transports

/// The webhook handshake, signature checks and the parsing of every message kind.
@Suite("Cloud API webhooks")
struct CloudAPIWebhookTests {
    private let transport = CloudAPIFixture.transport([]).0

    private func verification(_ query: [String: String]) -> WebhookReply {
        transport.handleWebhook(WebhookRequest(method: "GET", path: "/webhooks/cloud-api", query: query))
    }

    /// Wraps `value` members in the envelope Meta sends.
    private func payload(_ value: String, phoneNumberID: String = CloudAPIFixture.phoneNumberID) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"730000111222333","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"\#(phoneNumberID)"},\#(value)}}]}]}"#
    }

    private func events(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> [WebhookEvent] {
        let reply = transport.handleWebhook(CloudAPIFixture.signedPost(Data(json.utf8)))
        #expect(reply.response.status == 200, sourceLocation: sourceLocation)
        return reply.events
    }

    private func content(ofMessage message: String, sourceLocation: SourceLocation = #_sourceLocation) -> InboundContent? {
        let events = events(payload(#""messages":[\#(message)]"#), sourceLocation: sourceLocation)
        guard events.count == 1, case .message(let inbound) = events[0] else {
            Issue.record("expected one message, got \(events)", sourceLocation: sourceLocation)
            return nil
        }
        return inbound.content
    }

    // MARK: Handshake

    @Test func verificationEchoesTheChallenge() {
        let reply = verification(["hub.mode": "subscribe", "hub.verify_token": CloudAPIFixture.verifyToken, "hub.challenge": "1158201444"])
        #expect(reply.response.status == 200)
        #expect(reply.response.body == Data("1158201444".utf8))
        #expect(reply.events.isEmpty)
    }

    @Test func verificationWithAWrongTokenOrModeIs403() {
        #expect(verification(["hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"]).response.status == 403)
        #expect(
            verification(["hub.mode": "unsubscribe", "hub.verify_token": CloudAPIFixture.verifyToken, "hub.challenge": "1"]).response.status == 403)
        #expect(verification(["hub.challenge": "1"]).response.status == 403)
        #expect(
            verification(["hub.mode": "subscribe", "hub.verify_token": CloudAPIFixture.verifyToken + "x", "hub.challenge": "1"]).response.status
                == 403)
    }

    @Test func verificationWithoutChallengeIs400() {
        #expect(verification(["hub.mode": "subscribe", "hub.verify_token": CloudAPIFixture.verifyToken]).response.status == 400)
    }

    @Test func otherMethodsAre405() {
        let reply = transport.handleWebhook(WebhookRequest(method: "put", path: "/webhooks/cloud-api"))
        #expect(reply.response.status == 405)
        #expect(reply.response.header("Allow") == "GET, POST")
    }

    // MARK: Signatures

    @Test func escapedUnicodeIsHashedAsRawBytes() {
        let escaped = payload(#""messages":[{"from":"1","id":"wamid.E","timestamp":"1","type":"text","text":{"body":"Jos\u00e9"}}]"#)
        let body = Data(escaped.utf8)
        let reply = transport.handleWebhook(CloudAPIFixture.signedPost(body))
        #expect(reply.response.status == 200)
        guard case .message(let message) = reply.events.first else {
            Issue.record("expected a message")
            return
        }
        #expect(message.content == .text("José"))
        // The same JSON written with a literal é is different bytes: its signature fails.
        let literal = Data(escaped.replacingOccurrences(of: #"\u00e9"#, with: "é").utf8)
        #expect(transport.handleWebhook(CloudAPIFixture.signedPost(literal, signature: transport.webhookSignature(for: body))).response.status == 403)
    }

    @Test func headerNameIsCaseInsensitive() {
        let body = Data(payload(#""statuses":[]"#).utf8)
        let request = WebhookRequest(method: "POST", path: "/", headers: [("x-hub-signature-256", transport.webhookSignature(for: body))], body: body)
        #expect(transport.handleWebhook(request).response.status == 200)
    }

    @Test func malformedSignaturesAre403() {
        let body = Data(payload(#""statuses":[]"#).utf8)
        let good = transport.webhookSignature(for: body)
        for signature in [
            "sha1=" + good.dropFirst(7), String(good.dropFirst(7)), "sha256=zz" + good.dropFirst(9), "sha256=", String(good.dropLast(2)),
        ] {
            let reply = transport.handleWebhook(CloudAPIFixture.signedPost(body, signature: signature))
            #expect(reply.response.status == 403, "\(signature)")
        }
        #expect(
            transport.handleWebhook(
                CloudAPIFixture.signedPost(body, signature: good.uppercased().replacingOccurrences(of: "SHA256=", with: "sha256="))
            ).response.status == 200)
    }

    @Test func anotherAppsSecretIs403() {
        let body = Data(payload(#""statuses":[]"#).utf8)
        let other = CloudAPIWebhookSignature(appSecret: "another-app").header(for: body)
        #expect(transport.handleWebhook(CloudAPIFixture.signedPost(body, signature: other)).response.status == 403)
    }

    @Test func anEmptyAppSecretVerifiesNothing() {
        var configuration = CloudAPIFixture.configuration
        configuration.appSecret = ""
        let unconfigured = CloudAPITransport(configuration: configuration, client: CloudAPIRecordingClient())
        let body = Data(payload(#""statuses":[]"#).utf8)
        let signature = CloudAPIWebhookSignature(appSecret: "").header(for: body)
        #expect(unconfigured.handleWebhook(CloudAPIFixture.signedPost(body, signature: signature)).response.status == 403)
    }

    @Test func aSignedBodyThatIsNotJSONIs400() {
        #expect(transport.handleWebhook(CloudAPIFixture.signedPost(Data("not json".utf8))).response.status == 400)
    }

    // MARK: Parsing

    @Test func documentAudioVideoAndSticker() {
        #expect(
            content(
                ofMessage:
                    #"{"from":"1","id":"m1","timestamp":"1","type":"document","document":{"caption":"invoice","filename":"i.pdf","mime_type":"application/pdf","sha256":"x","id":"555"}}"#
            ) == .media(InboundMedia(kind: .document, mediaID: "555", mimeType: "application/pdf", caption: "invoice", filename: "i.pdf")))
        #expect(
            content(
                ofMessage:
                    #"{"from":"1","id":"m2","timestamp":"1","type":"audio","audio":{"mime_type":"audio/ogg; codecs=opus","id":"556","voice":true}}"#)
                == .media(InboundMedia(kind: .audio, mediaID: "556", mimeType: "audio/ogg; codecs=opus")))
        #expect(
            content(ofMessage: #"{"from":"1","id":"m3","timestamp":"1","type":"video","video":{"mime_type":"video/mp4","id":"557"}}"#)
                == .media(InboundMedia(kind: .video, mediaID: "557", mimeType: "video/mp4")))
        #expect(
            content(
                ofMessage:
                    #"{"from":"1","id":"m4","timestamp":"1","type":"sticker","sticker":{"mime_type":"image/webp","id":"558","animated":false}}"#)
                == .media(InboundMedia(kind: .sticker, mediaID: "558", mimeType: "image/webp")))
    }

    @Test func location() {
        let content = content(
            ofMessage:
                #"{"from":"1","id":"m1","timestamp":"1","type":"location","location":{"latitude":-23.5614,"longitude":-46.6559,"name":"Loja Paulista","address":"Av. Paulista, 1000"}}"#
        )
        #expect(content == .location(latitude: -23.5614, longitude: -46.6559, name: "Loja Paulista", address: "Av. Paulista, 1000"))
    }

    @Test func sharedContacts() {
        let content = content(
            ofMessage:
                #"{"from":"1","id":"m1","timestamp":"1","type":"contacts","contacts":[{"name":{"formatted_name":"João Lima","first_name":"João"},"phones":[{"phone":"+55 11 98765-0002","type":"CELL","wa_id":"5511987650002"}]}]}"#
        )
        #expect(content == .contacts([SharedContact(name: "João Lima", phones: ["+55 11 98765-0002"])]))
    }

    @Test func reactionAndItsRemoval() {
        #expect(
            content(ofMessage: #"{"from":"1","id":"m1","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.OUT.9","emoji":"👍"}}"#)
                == .reaction(messageID: "wamid.OUT.9", emoji: "👍"))
        #expect(
            content(ofMessage: #"{"from":"1","id":"m2","timestamp":"1","type":"reaction","reaction":{"message_id":"wamid.OUT.9"}}"#)
                == .reaction(messageID: "wamid.OUT.9", emoji: nil))
    }

    @Test func unsupportedKeepsTheProvidersExplanation() {
        let content = content(
            ofMessage:
                #"{"from":"1","id":"m1","timestamp":"1","type":"unsupported","errors":[{"code":131051,"title":"Message type unknown","message":"Message type unknown","error_data":{"details":"Message type is currently not supported."}}]}"#
        )
        #expect(content == .unsupported(type: "unsupported", reason: "Message type unknown: Message type is currently not supported."))
        #expect(content?.text == nil)
    }

    @Test func unknownTypesAndInteractiveKindsAreUnsupported() {
        #expect(
            content(ofMessage: #"{"from":"1","id":"m1","timestamp":"1","type":"order","order":{"catalog_id":"1"}}"#)
                == .unsupported(type: "order", reason: nil))
        #expect(
            content(
                ofMessage:
                    #"{"from":"1","id":"m2","timestamp":"1","type":"interactive","interactive":{"type":"nfm_reply","nfm_reply":{"response_json":"{}"}}}"#
            )
                == .unsupported(type: "interactive.nfm_reply", reason: nil))
    }

    @Test func unknownFieldsNumbersAsTextAndMissingPiecesAreTolerated() {
        let json = payload(
            #""new_field":{"x":[1,2]},"contacts":[{"profile":{"name":"Bo"},"wa_id":"15550002222","extra":true}],"messages":[{"from":"15550002222","id":"m1","timestamp":1764064800,"type":"text","text":{"body":"hey","future":1}},{"from":"15550002222","type":"text","text":{"body":"no id"}},{"from":"15550002222","id":"m3","type":"text","text":{"body":"no timestamp"}}]"#
        )
        let events = events(json)
        #expect(events.count == 2, "a message without an id cannot be deduplicated and is dropped")
        guard case .message(let first) = events.first, case .message(let last) = events.last else {
            Issue.record("expected messages")
            return
        }
        #expect(first.timestamp == Date(timeIntervalSince1970: 1_764_064_800))
        #expect(first.contact?.name == "Bo")
        #expect(last.timestamp == nil)
    }

    @Test func statusWithConversationPricingAndUnknownState() {
        let json = payload(
            #""statuses":[{"id":"wamid.OUT.1","status":"sent","timestamp":"1764064810","recipient_id":"5511987650001","conversation":{"id":"c0ffee","expiration_timestamp":"1764151210","origin":{"type":"utility"}},"pricing":{"billable":true,"pricing_model":"PMP","category":"utility"}},{"id":"wamid.OUT.2","status":"deleted","timestamp":"1764064811"}]"#
        )
        let events = events(json)
        #expect(events.map(\.deduplicationKey) == ["status:wamid.OUT.1:sent", "status:wamid.OUT.2:deleted"])
        guard case .status(let sent) = events.first, case .status(let deleted) = events.last else {
            Issue.record("expected statuses")
            return
        }
        #expect(sent.conversationID == "c0ffee")
        #expect(sent.pricingCategory == "utility")
        #expect(deleted.state == DeliveryStatus.State(rawValue: "deleted"))
        #expect(deleted.recipientID == nil)
    }

    @Test func severalNumbersInOneBodyKeepTheirOwnIDs() throws {
        let json = #"""
            {"object":"whatsapp_business_account","entry":[
             {"id":"1","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"111"},"messages":[{"from":"9","id":"a","timestamp":"1","type":"text","text":{"body":"x"}}]}}]},
             {"id":"2","changes":[{"field":"messages","value":{"metadata":{"phone_number_id":"222"},"statuses":[{"id":"b","status":"read","timestamp":"2"}]}},
                                  {"field":"messages","value":{"metadata":{"phone_number_id":"111"},"errors":[{"code":131000,"title":"Something went wrong"}]}}]}]}
            """#
        let body = Data(json.utf8)
        #expect(CloudAPITransport.phoneNumberIDs(inWebhookBody: body) == ["111", "222"])
        let events = events(json)
        #expect(events.map(\.phoneNumberID) == ["111", "222", "111"])
        #expect(events.map(\.deduplicationKey) == ["message:a", "status:b:read", "system-error:111:131000:Something went wrong"])
    }

    @Test func routingToleratesAnythingThatIsNotAPayload() {
        #expect(CloudAPITransport.phoneNumberIDs(inWebhookBody: Data("nope".utf8)).isEmpty)
        #expect(CloudAPITransport.phoneNumberIDs(inWebhookBody: Data(#"{"entry":"odd"}"#.utf8)).isEmpty)
        #expect(CloudAPITransport.phoneNumberIDs(inWebhookBody: Data()).isEmpty)
    }
}
