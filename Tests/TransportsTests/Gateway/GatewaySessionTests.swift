import Foundation
import TestSupport
import Testing

@testable import Transports

/// What `connectionStatus()`, `startSession()` and `qrCode()` make of the session endpoints.
@Suite("Gateway sessions")
struct GatewaySessionTests {
    @Test(
        arguments: [
            ("STARTING", ConnectionStatus.connecting),
            ("WORKING", .connected(detail: nil)),
            ("BANANA", .unreachable(reason: "the gateway reports the session 'sales-1' as 'BANANA', a status the engine does not know")),
        ])
    func statusWordsMapToConnectionStatuses(_ word: String, _ expected: ConnectionStatus) async {
        let (transport, _) = GatewayFixture.transport([GatewayFixture.session(word)])
        #expect(await transport.connectionStatus() == expected)
    }

    @Test(arguments: ["STOPPED", "FAILED"])
    func stoppedAndFailedSessionsAreDisconnected(_ word: String) async {
        let (transport, _) = GatewayFixture.transport([GatewayFixture.session(word)])
        guard case .disconnected(let reason) = await transport.connectionStatus() else {
            Issue.record("expected disconnected")
            return
        }
        #expect(reason.contains("sales-1"))
        #expect(reason.contains(word == "STOPPED" ? "start it" : "restart it"))
    }

    @Test func aWorkingSessionShowsItsLinkedPhone() async throws {
        let (transport, client) = GatewayFixture.transport([GatewayFixture.session("WORKING", me: #"{"id":"15550001111@c.us","pushName":"Sales"}"#)])
        #expect(await transport.connectionStatus() == .connected(detail: "+15550001111, Sales"))
        let request = try #require(await client.requests.first)
        #expect(request.method == .get)
        #expect(request.url.absoluteString == "http://waha.test:3000/api/sessions/sales-1")
        #expect(request.header("X-Api-Key") == GatewayFixture.apiKey)
    }

    @Test func aSessionWaitingForAScanCarriesItsQRValueWhenReadable() async throws {
        let (transport, client) = GatewayFixture.transport([
            GatewayFixture.session("SCAN_QR_CODE"), GatewayFixture.response(200, #"{"value":"2@abc,def"}"#),
            GatewayFixture.session("SCAN_QR_CODE"), GatewayFixture.response(500, "{}"),
        ])
        #expect(await transport.connectionStatus() == .pairingRequired(qrCode: "2@abc,def"))
        #expect(await transport.connectionStatus() == .pairingRequired(qrCode: nil))
        let qrRequest = try #require(await client.requests.dropFirst().first)
        #expect(qrRequest.url.absoluteString == "http://waha.test:3000/api/sales-1/auth/qr?format=raw")
        #expect(qrRequest.header("Accept") == "application/json")
    }

    @Test func sessionNamesArePercentEncodedInPaths() async throws {
        let client = CloudAPIRecordingClient([GatewayFixture.session("WORKING")])
        let transport = GatewayTransport(
            configuration: GatewayConfiguration(baseURL: GatewayFixture.baseURL, session: "sales 1/b"), client: client)
        _ = await transport.connectionStatus()
        #expect(try #require(await client.requests.first).url.absoluteString == "http://waha.test:3000/api/sessions/sales%201%2Fb")
    }

    @Test func refusalsAndOutagesAreReported() async {
        let (transport, _) = GatewayFixture.transport([
            GatewayFixture.response(401, #"{"message":"Unauthorized"}"#), GatewayFixture.response(404, #"{"message":"Session not found"}"#),
            GatewayFixture.response(502, "Bad Gateway"), .failure(HTTPError(.couldNotConnect, "could not connect to waha.test", isTransient: true)),
        ])
        guard case .unauthorized(let reason) = await transport.connectionStatus() else {
            Issue.record("expected unauthorized")
            return
        }
        #expect(reason.contains("apiKey"))
        guard case .disconnected(let missing) = await transport.connectionStatus() else {
            Issue.record("expected disconnected")
            return
        }
        #expect(missing.contains("start the sender"))
        #expect(await transport.connectionStatus() == .unreachable(reason: "the gateway answered HTTP 502: Bad Gateway"))
        #expect(await transport.connectionStatus() == .unreachable(reason: "could not connect to waha.test"))
    }

    @Test func startToleratesASessionAlreadyStarted() async throws {
        let (transport, client) = GatewayFixture.transport([
            GatewayFixture.response(422, #"{"statusCode":422,"message":"Session 'sales-1' is already started."}"#),
            GatewayFixture.session("WORKING"),
        ])
        #expect(try await transport.startSession() == .connected(detail: nil))
        #expect(
            await client.requests.map { "\($0.method.rawValue) \($0.url.path)" } == ["POST /api/sessions/sales-1/start", "GET /api/sessions/sales-1"])
    }

    @Test func startCreatesAMissingSessionAndSurvivesACreationRace() async throws {
        let (transport, client) = GatewayFixture.transport([
            GatewayFixture.response(404, #"{"message":"Session not found"}"#),
            GatewayFixture.response(422, #"{"message":"Session 'sales-1' already exists. Use PUT to update it."}"#),
            GatewayFixture.session("STARTING"),
        ])
        #expect(try await transport.startSession() == .connecting)
        let requests = await client.requests
        #expect(
            requests.map { "\($0.method.rawValue) \($0.url.path)" } == [
                "POST /api/sessions/sales-1/start", "POST /api/sessions", "POST /api/sessions/sales-1/start",
            ])
        #expect(GatewayFixture.json(requests[1]) == ["name": "sales-1", "start": true])
        #expect(requests[0].body == nil)
    }

    @Test func startThrowsWhenRefused() async {
        let (transport, _) = GatewayFixture.transport([GatewayFixture.response(401, #"{"message":"Unauthorized"}"#)])
        do {
            _ = try await transport.startSession()
            Issue.record("expected a TransportError")
        } catch {
            #expect(error.code.rawValue == "gateway.http.401")
            #expect(error.message.hasPrefix("Could not start the gateway session 'sales-1'"))
        }
    }

    @Test func aQRAnswerWithoutAValueIsUnexpected() async {
        let (transport, _) = GatewayFixture.transport([GatewayFixture.response(200, #"{"mimetype":"image/png","data":"iVBOR"}"#)])
        do {
            _ = try await transport.qrCode()
            Issue.record("expected a TransportError")
        } catch {
            #expect(error.code == .unexpectedResponse)
        }
    }

    @Test func theConfigurationMasksItsSecrets() {
        let configuration = GatewayFixture.configuration()
        #expect(
            configuration.description
                == "GatewayConfiguration(baseURL: http://waha.test:3000, session: sales-1, apiKey: ***, webhookSecret: ***)")
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains(GatewayFixture.apiKey))
        #expect(!dumped.contains(GatewayConformanceVectors.secret))
        #expect(GatewayFixture.configuration(apiKey: nil, webhookSecret: nil).description.contains("apiKey: nil, webhookSecret: nil"))
    }
}
