import Foundation
import HTTPTypes
import Server
import Testing

@Suite("EngineAPI reads")
struct EngineAPIReadTests {
    /// Every read route with a request that succeeds.
    static let reads: [(uri: String, template: String)] = [
        ("/api/senders", "/api/senders"),
        ("/api/senders/sales-1", "/api/senders/{name}"),
        ("/api/senders/sales-1/stats", "/api/senders/{name}/stats"),
        ("/api/campaigns", "/api/campaigns"),
        ("/api/campaigns/spring", "/api/campaigns/{name}"),
        ("/api/campaigns/spring/stats", "/api/campaigns/{name}/stats"),
        ("/api/broadcasts", "/api/broadcasts"),
        ("/api/broadcasts/vip", "/api/broadcasts/{name}"),
        ("/api/flows", "/api/flows"),
        ("/api/flows/hi/executions", "/api/flows/{name}/executions"),
        ("/api/auto-replies", "/api/auto-replies"),
        ("/api/messages", "/api/messages"),
        ("/api/status", "/api/status"),
    ]

    @Test("every read answers 200 with JSON that matches its schema in the OpenAPI document")
    func readsMatchTheirSchemas() async throws {
        try await APIWorld.run { world in
            for read in Self.reads {
                let answer = try await world.get(read.uri)
                #expect(answer.status == .ok, "\(read.uri): \(answer.text)")
                #expect(answer.headers[.contentType] == "application/json; charset=utf-8")
                try await world.expectConforms(answer, to: "get", read.template)
            }
        }
    }

    @Test("a resource the configuration lacks is 404 with a JSON error naming it")
    func unknownResources() async throws {
        try await APIWorld.run { world in
            for uri in [
                "/api/senders/nope", "/api/senders/nope/stats", "/api/senders/nope/qr", "/api/campaigns/nope", "/api/campaigns/nope/stats",
                "/api/broadcasts/nope", "/api/flows/nope/executions",
            ] {
                let answer = try await world.get(uri)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(answer.errorCode == "resource.not-found", "\(uri): \(answer.text)")
                #expect(answer.json?["error"]?["message"]?.string?.contains("'nope'") == true)
            }
            try await world.expectConforms(try await world.get("/api/senders/nope"), to: "get", "/api/senders/{name}")
        }
    }

    @Test("a sender's objects carry its quota and health")
    func senderFields() async throws {
        try await APIWorld.run { world in
            let sender = try #require(try await world.get("/api/senders/sales-1").json)
            #expect(sender["quota"]?["perMinute"] == 20)
            #expect(sender["status"]?["health"] == 95)
            #expect(sender["status"]?["lastUsedAt"] == "2025-06-15T15:06:40Z")
            let stats = try #require(try await world.get("/api/senders/sales-1/stats").json)
            #expect(
                stats["quota"] == [
                    ["window": "minute", "used": 3, "limit": 20, "remaining": 17], ["window": "hour", "used": 30, "limit": 500, "remaining": 470],
                ])
        }
    }

    @Test("a gateway sender waiting for its scan answers its QR code as SVG; otherwise 404 says why")
    func qrCode() async throws {
        try await APIWorld.run { world in
            let answer = try await world.get("/api/senders/wa/qr")
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "image/svg+xml")
            #expect(answer.headers[.cacheControl] == "no-store")
            #expect(answer.text.contains("<svg"))
            let simulator = try await world.get("/api/senders/sales-1/qr")
            #expect(simulator.status == .notFound)
            #expect(simulator.errorCode == "sender.no-pairing-code")
            #expect(simulator.text.contains("simulator transport"))
        }
        try await APIWorld.run(source: StubDataSource(pairing: .notPending(reason: "it is connected already"))) { world in
            let answer = try await world.get("/api/senders/wa/qr")
            #expect(answer.status == .notFound)
            #expect(answer.json?["error"]?["message"] == "sender 'wa' has no QR code to scan: it is connected already")
        }
    }

    @Test("message filters reach the data source checked and typed")
    func messageFilters() async throws {
        try await APIWorld.run { world in
            let answer = try await world.get(
                "/api/messages?sender=sales-1&recipient=%2B15550109001&state=failed&originKind=campaign&originName=spring&since=2025-06-15T00:00:00Z&limit=10&cursor=99"
            )
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.json?["nextCursor"] == "12")
            let query = try #require(world.source.calls.messageQueries.last)
            #expect(
                query
                    == MessageQuery(
                        sender: "sales-1", recipient: "+15550109001", state: "failed", originKind: "campaign", originName: "spring",
                        since: Date(timeIntervalSince1970: 1_749_945_600), beforeID: 99, limit: 10))
            _ = try await world.get("/api/messages?since=2025-06-15T00:00:00.250Z")
            #expect(world.source.calls.messageQueries.last?.since == Date(timeIntervalSince1970: 1_749_945_600.25))
            _ = try await world.get("/api/messages")
            #expect(world.source.calls.messageQueries.last == MessageQuery(limit: 50))
        }
    }

    @Test(
        "a wrong query parameter is 400 naming it",
        arguments: [
            ("/api/messages?state=lost", "state"), ("/api/messages?originKind=robot", "originKind"), ("/api/messages?limit=0", "limit"),
            ("/api/messages?limit=501", "limit"), ("/api/messages?limit=ten", "limit"), ("/api/messages?cursor=-3", "cursor"),
            ("/api/messages?since=yesterday", "since"), ("/api/messages?sender=", "sender"), ("/api/messages?statee=sent", "statee"),
            ("/api/senders?page=2", "page"), ("/api/flows/hi/executions?status=paused", "status"), ("/api/status?verbose=1", "verbose"),
        ])
    func badQueries(_ uri: String, _ field: String) async throws {
        try await APIWorld.run { world in
            let answer = try await world.get(uri)
            #expect(answer.status == .badRequest, "\(answer.text)")
            #expect(answer.errorCode == "request.invalid-field")
            #expect(answer.errorField == field)
            try await world.expectConforms(answer, to: "get", String(uri.prefix { $0 != "?" }).replacingOccurrences(of: "/hi/", with: "/{name}/"))
        }
    }

    @Test("flow executions page by cursor and filter by status")
    func executions() async throws {
        try await APIWorld.run { world in
            let answer = try await world.get("/api/flows/hi/executions?status=ended&limit=5&cursor=40")
            #expect(answer.status == .ok)
            #expect(answer.json?["nextCursor"] == "7")
            let query = try #require(world.source.calls.executionQueries.last)
            #expect(query.flow == "hi" && query.status == "ended" && query.beforeID == 40 && query.limit == 5)
        }
    }

    @Test("status shows the applied and attempted revisions and the diagnostics with file, line and column")
    func status() async throws {
        try await APIWorld.run { world in
            let status = try #require(try await world.get("/api/status").json)
            #expect(status["appliedRevision"] == "abc123")
            #expect(status["attemptedRevision"] == "def456+dirty")
            #expect(status["valid"] == false)
            #expect(
                status["diagnostics"] == [
                    [
                        "file": "flows/hi.yaml", "line": 4, "column": 7, "severity": "error", "code": "flow.unknown-node",
                        "message": "node 'a' goes to 'b'", "help": "did you mean 'a'?",
                    ]
                ])
        }
    }

    @Test("a data source failure is a 500 that shows no detail; an APIError it throws reaches the client")
    func failures() async throws {
        struct Broken: Error {}
        try await APIWorld.run(source: StubDataSource(failure: Broken())) { world in
            let answer = try await world.post("/api/messages", #"{"to": "+15550109001", "text": "Hi"}"#)
            #expect(answer.status == .internalServerError)
            #expect(answer.errorCode == "engine.internal")
            #expect(!answer.text.contains("Broken"))
        }
        try await APIWorld.run(source: StubDataSource(failure: APIError.invalidField("to", "'x' is not a phone number"))) { world in
            let answer = try await world.post("/api/messages", #"{"to": "x", "text": "Hi"}"#)
            #expect(answer.status == .badRequest)
            #expect(answer.errorField == "to")
        }
    }
}

@Suite("EngineAPI authentication")
struct EngineAPIAuthenticationTests {
    @Test("without a token every /api route is 401 with WWW-Authenticate: Bearer and a JSON error")
    func missingToken() async throws {
        try await APIWorld.run { world in
            for route in EngineAPI.routes {
                let uri = route.path.replacingOccurrences(of: "{name}", with: "sales-1")
                let answer = try await world.request(route.method, uri, token: nil, body: route.method == .post ? "{}" : nil)
                #expect(answer.status == .unauthorized, "\(route.method) \(uri)")
                #expect(answer.headers[.wwwAuthenticate] == #"Bearer realm="engine""#)
                #expect(answer.errorCode == "auth.missing-token")
            }
        }
    }

    @Test("a wrong token, another scheme or an empty bearer is 401")
    func wrongToken() async throws {
        try await APIWorld.run { world in
            let wrong = try await world.get("/api/senders", token: "t0ken-for-test")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorCode == "auth.invalid-token")
            #expect(wrong.headers[.wwwAuthenticate] == #"Bearer realm="engine", error="invalid_token""#)
            try await world.expectConforms(wrong, to: "get", "/api/senders")
            let basic = try await world.request(.get, "/api/senders", token: nil, headers: [.authorization: "Basic dXNlcjpwYXNz"])
            #expect(basic.status == .unauthorized)
            #expect(basic.errorCode == "auth.invalid-scheme")
            let empty = try await world.request(.get, "/api/senders", token: nil, headers: [.authorization: "Bearer "])
            #expect(empty.status == .unauthorized)
        }
    }

    @Test("the right token passes, whatever the scheme's case")
    func rightToken() async throws {
        try await APIWorld.run { world in
            let answer1 = try await world.get("/api/senders")
            #expect(answer1.status == .ok)
            let lower = try await world.request(.get, "/api/senders", token: nil, headers: [.authorization: "bearer \(APIWorld.token)"])
            #expect(lower.status == .ok)
        }
    }

    @Test("without a configured token the API is open (the daemon then listens on loopback only)")
    func openWithoutToken() async throws {
        try await APIWorld.run(token: nil) { world in
            let answer2 = try await world.get("/api/senders", token: nil)
            #expect(answer2.status == .ok)
        }
    }

    @Test("webhooks, health and metrics never need the bearer token")
    func webhooksKeepTheirOwnSignatures() async throws {
        try await APIWorld.run { world in
            let inbound = try await world.request(
                .post, "/simulator/inbound", token: nil, body: #"{"sender": "sim", "from": "+15550109001", "text": "hi"}"#)
            #expect(inbound.status == .accepted)
            let answer3 = try await world.get("/healthz", token: nil)
            #expect(answer3.status == .ok)
            let answer4 = try await world.get("/metrics", token: nil)
            #expect(answer4.status == .ok)
        }
    }

    @Test("APIToken matches only the same token, and an empty token is no token")
    func tokenComparison() throws {
        let token = try #require(APIToken("s3cret"))
        #expect(token.matches("s3cret"))
        #expect(!token.matches("s3cre"))
        #expect(!token.matches("s3cret "))
        #expect(!token.matches(""))
        #expect(APIToken("") == nil)
    }
}
