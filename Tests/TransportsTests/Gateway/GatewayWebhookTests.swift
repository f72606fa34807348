import Foundation
import Testing

@testable import Transports

/// The webhook checks and the parsing of every event the gateway sends.
@Suite("Gateway webhooks")
struct GatewayWebhookTests {
    private let transport = GatewayFixture.transport([]).0

    private func events(_ body: Data, sourceLocation: SourceLocation = #_sourceLocation) -> [WebhookEvent] {
        let reply = transport.handleWebhook(GatewayFixture.post(body))
        #expect(reply.response.status == 200, sourceLocation: sourceLocation)
        return reply.events
    }

    private func message(_ payload: String, sourceLocation: SourceLocation = #_sourceLocation) -> InboundMessage? {
        let events = events(GatewayFixture.envelope("message", payload), sourceLocation: sourceLocation)
        guard events.count == 1, case .message(let message) = events[0] else {
            Issue.record("expected one message, got \(events)", sourceLocation: sourceLocation)
            return nil
        }
        return message
    }

    private func ack(_ level: Int, fromMe: Bool? = true) -> [WebhookEvent] {
        let fromMeField = fromMe.map { #""fromMe":\#($0),"# } ?? ""
        return events(
            GatewayFixture.envelope(
                "message.ack", #"{"id":"true_5511987650001@c.us_3EB0OUT1",\#(fromMeField)"to":"5511987650001@c.us","ack":\#(level)}"#))
    }

    // MARK: Requests

    @Test func withoutASecretUnsignedBodiesAreAccepted() {
        let (open, _) = GatewayFixture.transport([], webhookSecret: nil)
        let body = GatewayFixture.envelope("session.status", #"{"status":"WORKING"}"#)
        let reply = open.handleWebhook(GatewayFixture.post(body, signature: .some(nil)))
        #expect(reply.response.status == 200)
        #expect(reply.events.count == 1)
        #expect(open.webhookSignature(for: body) == nil)
    }

    @Test func anEmptySecretRefusesEverything() {
        let (closed, _) = GatewayFixture.transport([], webhookSecret: "")
        let body = GatewayFixture.envelope("session.status", #"{"status":"WORKING"}"#)
        let signature = GatewayWebhookSignature(secret: "").header(for: body)
        #expect(closed.handleWebhook(GatewayFixture.post(body, signature: signature)).response.status == 403)
    }

    @Test func anotherAlgorithmOrAMalformedHeaderIs403() {
        let body = GatewayFixture.envelope("session.status", #"{"status":"WORKING"}"#)
        var request = GatewayFixture.post(body)
        request.headers.append(("X-Webhook-Hmac-Algorithm", "sha256"))
        #expect(transport.handleWebhook(request).response.status == 403)
        #expect(transport.handleWebhook(GatewayFixture.post(body, signature: "not hex")).response.status == 403)
        #expect(transport.handleWebhook(GatewayFixture.post(body, signature: "abcd")).response.status == 403)
        request.headers[request.headers.count - 1].value = "SHA512"
        #expect(transport.handleWebhook(request).response.status == 200)
    }

    @Test func onlyPostIsAccepted() {
        let reply = transport.handleWebhook(WebhookRequest(method: "get", path: "/webhooks/gateway"))
        #expect(reply.response.status == 405)
        #expect(reply.response.header("Allow") == "POST")
    }

    @Test func aSignedBodyThatIsNotJSONIs400() {
        #expect(transport.handleWebhook(GatewayFixture.post(Data("hello".utf8))).response.status == 400)
    }

    @Test func otherEventsYieldNothing() {
        #expect(events(GatewayFixture.envelope("presence.update", #"{"id":"5511987650001@c.us"}"#)).isEmpty)
        #expect(events(GatewayFixture.envelope("message.any", #"{"id":"false_1@c.us_A","from":"1@c.us","body":"hi"}"#)).isEmpty)
    }

    // MARK: Messages

    @Test func ourOwnMessagesGroupsAndBroadcastsAreSkipped() {
        #expect(events(GatewayFixture.envelope("message", #"{"id":"true_1@c.us_A","from":"1@c.us","fromMe":true,"body":"hi"}"#)).isEmpty)
        #expect(events(GatewayFixture.envelope("message", #"{"id":"false_1-2@g.us_A_3@c.us","from":"1-2@g.us","body":"hi"}"#)).isEmpty)
        #expect(events(GatewayFixture.envelope("message", #"{"id":"false_status@broadcast_A","from":"status@broadcast","body":"hi"}"#)).isEmpty)
        #expect(events(GatewayFixture.envelope("message", #"{"from":"1@c.us","body":"no id"}"#)).isEmpty)
    }

    @Test func aUserKnownOnlyByLIDKeepsItAsTheirID() {
        let message = message(#"{"id":"false_2107@lid_A","from":"2107@lid","fromMe":false,"body":"oi","_data":{"notifyName":"Ana"}}"#)
        #expect(message?.from == "2107@lid")
        #expect(message?.contact == ContactProfile(name: "Ana", waID: nil, userID: "2107@lid"))
    }

    @Test func aQuotedReplyNamesOurMessageInItsSerializedForm() {
        let short = message(
            #"{"id":"false_5511987650001@c.us_B","from":"5511987650001@c.us","body":"yes","replyTo":{"id":"3EB0OUT1","body":"Confirm?"}}"#)
        #expect(short?.replyingTo == "true_5511987650001@c.us_3EB0OUT1")
        let own = message(
            #"{"id":"false_5511987650001@c.us_C","from":"5511987650001@c.us","body":"again","replyTo":{"id":"3EB0IN1","participant":"5511987650001@c.us"}}"#
        )
        #expect(own?.replyingTo == "false_5511987650001@c.us_3EB0IN1")
        let serialized = message(
            #"{"id":"false_5511987650001@c.us_D","from":"5511987650001@c.us","body":"ok","replyTo":{"id":"true_5511987650001@c.us_3EB0OUT2"}}"#)
        #expect(serialized?.replyingTo == "true_5511987650001@c.us_3EB0OUT2")
    }

    @Test func mediaLocationAndOtherKinds() {
        let image = message(
            #"{"id":"false_1@c.us_M","from":"1@c.us","body":"broken mug","hasMedia":true,"media":{"url":"http://waha/api/files/M.jpeg","mimetype":"image/jpeg"}}"#
        )
        #expect(
            image?.content
                == .media(InboundMedia(kind: .image, mediaID: "http://waha/api/files/M.jpeg", mimeType: "image/jpeg", caption: "broken mug")))
        let voice = message(
            #"{"id":"false_1@c.us_V","from":"1@c.us","body":"","hasMedia":true,"media":{"mimetype":"audio/ogg; codecs=opus"},"_data":{"type":"ptt"}}"#
        )
        #expect(voice?.content == .media(InboundMedia(kind: .audio, mediaID: "false_1@c.us_V", mimeType: "audio/ogg; codecs=opus")))
        let location = message(
            #"{"id":"false_1@c.us_L","from":"1@c.us","body":"/9j/4AAQ","location":{"latitude":-23.5,"longitude":-46.6,"description":"Shop"},"_data":{"type":"location"}}"#
        )
        #expect(location?.content == .location(latitude: -23.5, longitude: -46.6, name: "Shop", address: nil))
        let card = message(#"{"id":"false_1@c.us_K","from":"1@c.us","body":"BEGIN:VCARD","_data":{"type":"vcard"}}"#)
        #expect(card?.content == .unsupported(type: "vcard", reason: nil))
    }

    // MARK: Acks

    @Test func ackLevelsMapToStates() {
        func state(_ level: Int) -> DeliveryStatus.State? {
            guard case .status(let status) = ack(level).first else { return nil }
            return status.state
        }
        #expect(state(1) == .sent)
        #expect(state(2) == .delivered)
        #expect(state(3) == .read)
        #expect(state(4) == DeliveryStatus.State(rawValue: "played"))
        #expect(state(-1) == .failed)
        #expect(ack(0).isEmpty, "pending is not reported")
    }

    @Test func anErrorAckCarriesAProviderError() {
        guard case .status(let status) = ack(-1).first else {
            Issue.record("expected a status")
            return
        }
        #expect(status.errors.map(\.code) == ["-1"])
        #expect(status.recipientID == "5511987650001")
    }

    @Test func acksOfMessagesWeDidNotSendAreSkipped() {
        #expect(ack(3, fromMe: false).isEmpty)
        #expect(ack(3, fromMe: nil).count == 1, "without fromMe, the id's true_ prefix says it is ours")
    }

    // MARK: Sessions and deduplication

    @Test func sessionChangesAreDistinctEventsButRedeliveriesAreNot() {
        let starting = GatewayFixture.envelope("session.status", #"{"status":"STARTING"}"#, id: "evt_1")
        let working = GatewayFixture.envelope("session.status", #"{"status":"WORKING"}"#, id: "evt_2")
        let workingAgain = GatewayFixture.envelope("session.status", #"{"status":"WORKING"}"#, id: "evt_3", timestamp: 1_764_064_900_000)
        let keys = [starting, working, working, workingAgain].flatMap { events($0) }.map(\.deduplicationKey)
        #expect(
            keys == [
                "connection:sales-1:STARTING:evt_1", "connection:sales-1:WORKING:evt_2", "connection:sales-1:WORKING:evt_2",
                "connection:sales-1:WORKING:evt_3",
            ])
        guard case .connectionChanged(let change) = events(working).first else {
            Issue.record("expected a connection change")
            return
        }
        #expect(change.status.canSend)
    }

    @Test func eventsNameTheSessionTheBodyNames() {
        let other = Data(#"{"event":"session.status","session":"support-2","payload":{"status":"FAILED"}}"#.utf8)
        #expect(events(other).map(\.phoneNumberID) == ["support-2"])
        #expect(GatewayTransport.sessionName(inWebhookBody: other) == "support-2")
        let unnamed = Data(#"{"event":"session.status","payload":{"status":"FAILED"}}"#.utf8)
        #expect(events(unnamed).map(\.phoneNumberID) == ["sales-1"])
        #expect(GatewayTransport.sessionName(inWebhookBody: Data("nope".utf8)) == nil)
    }
}
