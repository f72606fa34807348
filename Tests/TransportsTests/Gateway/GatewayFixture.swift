import Foundation
import TestSupport
import Testing

@testable import Transports

/// Builders shared by the gateway suites.
enum GatewayFixture {
    static let session = "sales-1"
    static let apiKey = "waha-test-key"
    static let baseURL = URL(string: "http://waha.test:3000")!

    static func configuration(apiKey: String? = apiKey, webhookSecret: String? = GatewayConformanceVectors.secret) -> GatewayConfiguration {
        GatewayConfiguration(baseURL: baseURL, session: session, apiKey: apiKey, webhookSecret: webhookSecret)
    }

    /// A transport whose client answers from `script` and records the requests.
    static func transport(
        _ script: [Result<HTTPResponse, HTTPError>], apiKey: String? = apiKey, webhookSecret: String? = GatewayConformanceVectors.secret
    ) -> (GatewayTransport, CloudAPIRecordingClient) {
        let client = CloudAPIRecordingClient(script)
        return (GatewayTransport(configuration: configuration(apiKey: apiKey, webhookSecret: webhookSecret), client: client), client)
    }

    /// A JSON response.
    static func response(_ status: Int, _ json: String, headers: [(name: String, value: String)] = []) -> Result<HTTPResponse, HTTPError> {
        .success(HTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(json.utf8)))
    }

    /// WhatsApp Web's answer to an accepted text.
    static let accepted = response(
        201,
        #"{"id":{"fromMe":true,"remote":"5511987650001@c.us","id":"3EB0OUT1","_serialized":"true_5511987650001@c.us_3EB0OUT1"},"ack":0}"#)

    /// WAHA's refusal when the session is in `status` instead of `WORKING`.
    static func notWorking(_ status: String) -> Result<HTTPResponse, HTTPError> {
        response(
            422,
            #"{"error":"Session status is not as expected. Try again later or restart the session","session":"sales-1","status":"\#(status)","expected":["WORKING"]}"#
        )
    }

    /// A session body.
    static func session(_ status: String, me: String = "null") -> Result<HTTPResponse, HTTPError> {
        response(200, #"{"name":"sales-1","status":"\#(status)","config":null,"me":\#(me),"engine":{"engine":"WEBJS"}}"#)
    }

    /// The body of a request, parsed.
    static func json(_ request: HTTPRequest) -> JSONValue? {
        request.body.flatMap(JSONValue.init(parsing:))
    }

    /// Sends a text to a fixed recipient and returns the outcome.
    static func send(
        _ script: [Result<HTTPResponse, HTTPError>], to recipient: String = "+5511987650001", attempt: Int = 0
    ) async -> SendOutcome {
        await transport(script).0.send(OutboundMessage(to: recipient, content: .text("Hello")), attempt: attempt)
    }

    /// A webhook POST, signed with the conformance secret unless `signature` says otherwise.
    static func post(_ body: Data, signature: String?? = .none) -> WebhookRequest {
        let header = signature ?? GatewayWebhookSignature(secret: GatewayConformanceVectors.secret).header(for: body)
        return WebhookRequest(
            method: "POST", path: "/webhooks/gateway",
            headers: (header.map { [("X-Webhook-Hmac", $0)] } ?? []) + [("Content-Type", "application/json")],
            body: body)
    }

    /// A WAHA envelope around `payload`.
    static func envelope(_ event: String, _ payload: String, id: String = "evt_1", timestamp: Int = 1_764_064_800_000) -> Data {
        Data(#"{"id":"\#(id)","timestamp":\#(timestamp),"event":"\#(event)","session":"sales-1","engine":"WEBJS","payload":\#(payload)}"#.utf8)
    }
}
