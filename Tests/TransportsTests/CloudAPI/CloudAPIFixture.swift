import Foundation
import Testing

@testable import Transports

/// Builders shared by the Cloud API suites.
enum CloudAPIFixture {
    static let phoneNumberID = "204060801234567"
    static let accessToken = "EAAG-test-token"
    static let appSecret = "conformance-app-secret"
    static let verifyToken = "verify-me-please"
    static let messagesURL = "https://graph.facebook.com/v26.0/204060801234567/messages"

    static let configuration = CloudAPIConfiguration(
        phoneNumberID: phoneNumberID, accessToken: accessToken, appSecret: appSecret, verifyToken: verifyToken)

    static func transport(_ script: [Result<HTTPResponse, HTTPError>]) -> (CloudAPITransport, CloudAPIRecordingClient) {
        let client = CloudAPIRecordingClient(script)
        return (CloudAPITransport(configuration: configuration, client: client), client)
    }

    /// A JSON response.
    static func response(_ status: Int, _ json: String, headers: [(name: String, value: String)] = []) -> Result<HTTPResponse, HTTPError> {
        .success(HTTPResponse(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(json.utf8)))
    }

    /// The Cloud API's answer to an accepted message.
    static let accepted = response(
        200,
        #"{"messaging_product":"whatsapp","contacts":[{"input":"+5511987650001","wa_id":"5511987650001"}],"messages":[{"id":"wamid.OUT.1","message_status":"accepted"}]}"#
    )

    /// The documented Graph error body for `code`.
    static func graphError(
        _ code: Int, message: String, details: String? = nil, subcode: Int? = nil, trace: String = "AbCdEf123"
    ) -> String {
        var error = #""message":"\#(message)","type":"OAuthException","code":\#(code)"#
        if let details { error += #","error_data":{"messaging_product":"whatsapp","details":"\#(details)"}"# }
        if let subcode { error += #","error_subcode":\#(subcode)"# }
        error += #","fbtrace_id":"\#(trace)""#
        return #"{"error":{\#(error)}}"#
    }

    /// The body of a request as text.
    static func body(_ request: HTTPRequest) -> String {
        String(decoding: request.body ?? Data(), as: UTF8.self)
    }

    /// Sends `content` to a fixed recipient and returns the one request it made.
    static func request(
        for content: MessageContent, replyTo: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> HTTPRequest {
        let (transport, client) = transport([accepted])
        let outcome = await transport.send(OutboundMessage(to: "+5511987650001", content: content, replyTo: replyTo), attempt: 0)
        #expect(outcome == .accepted(providerMessageID: "wamid.OUT.1", waID: "5511987650001"), sourceLocation: sourceLocation)
        let requests = await client.requests
        try #require(requests.count == 1, sourceLocation: sourceLocation)
        return requests[0]
    }

    /// A webhook POST signed with the fixture's app secret.
    static func signedPost(_ body: Data, signature: String? = nil) -> WebhookRequest {
        let signature = signature ?? CloudAPIWebhookSignature(appSecret: appSecret).header(for: body)
        return WebhookRequest(
            method: "POST", path: "/webhooks/cloud-api", headers: [("X-Hub-Signature-256", signature), ("Content-Type", "application/json")],
            body: body)
    }
}
