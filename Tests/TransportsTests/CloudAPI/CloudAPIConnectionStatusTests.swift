import Foundation
import Testing

@testable import Transports

/// What `connectionStatus()` makes of the phone number node.
@Suite("Cloud API connection status")
struct CloudAPIConnectionStatusTests {
    @Test func connectedNumberReportsQuality() async throws {
        let (transport, client) = CloudAPIFixture.transport([
            CloudAPIFixture.response(
                200, #"{"display_phone_number":"+1 555-000-1111","quality_rating":"GREEN","status":"CONNECTED","id":"204060801234567"}"#)
        ])
        let status = await transport.connectionStatus()
        #expect(status == .connected(detail: "+1 555-000-1111, quality GREEN"))
        #expect(status.canSend)
        let request = try #require(await client.requests.first)
        #expect(request.method == .get)
        #expect(
            request.url.absoluteString
                == "https://graph.facebook.com/v26.0/204060801234567?fields=display_phone_number,quality_rating,status,verified_name")
        #expect(request.header("Authorization") == "Bearer \(CloudAPIFixture.accessToken)")
    }

    @Test func flaggedNumberIsDisconnected() async {
        let (transport, _) = CloudAPIFixture.transport([CloudAPIFixture.response(200, #"{"status":"FLAGGED","quality_rating":"RED"}"#)])
        let status = await transport.connectionStatus()
        #expect(status == .disconnected(reason: "Meta reports the number as FLAGGED (quality RED)"))
        #expect(!status.canSend)
    }

    @Test func expiredTokenIsUnauthorized() async {
        let (transport, _) = CloudAPIFixture.transport([
            CloudAPIFixture.response(401, CloudAPIFixture.graphError(190, message: "Error validating access token", subcode: 463))
        ])
        guard case .unauthorized(let reason) = await transport.connectionStatus() else {
            Issue.record("expected unauthorized")
            return
        }
        #expect(reason.contains("set a new accessToken"))
    }

    @Test func networkFailureIsUnreachable() async {
        let (transport, _) = CloudAPIFixture.transport([
            .failure(HTTPError(.couldNotConnect, "could not connect to graph.facebook.com", isTransient: true))
        ])
        #expect(await transport.connectionStatus() == .unreachable(reason: "could not connect to graph.facebook.com"))
    }
}
