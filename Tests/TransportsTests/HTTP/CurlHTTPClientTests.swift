import Foundation
import TestSupport
import Testing
import Transports

@Suite("CurlHTTPClient", .timeLimit(.minutes(1)))
struct CurlHTTPClientTests {
    // MARK: Requests and responses

    @Test func sendsMethodPathHeadersAndBody() async throws {
        try await withLoopback { server, client in
            let body = Data(#"{"to":"+491700000000"}"#.utf8)
            let request = HTTPRequest(
                method: .post, url: server.url("/echo/messages?dry=1"),
                headers: [("Content-Type", "application/json"), ("X-Trace", "abc"), ("X-Empty", "")], body: body)
            let response = try await client.send(request)
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            let echo = try JSONDecoder().decode(EchoReply.self, from: response.body)
            #expect(echo.method == "POST")
            #expect(echo.target == "/echo/messages?dry=1")
            #expect(echo.values(of: "X-Trace") == ["abc"])
            #expect(echo.values(of: "X-Empty") == [""])
            #expect(echo.values(of: "Content-Type") == ["application/json"])
            #expect(echo.values(of: "Content-Length") == ["\(body.count)"])
            #expect(echo.values(of: "Expect").isEmpty, "no 100-continue round trip")
            #expect(echo.body == String(decoding: body, as: UTF8.self))
        }
    }

    @Test(arguments: [HTTPRequest.Method.get, .post, .put, .patch, .delete])
    func sendsEachMethodByName(_ method: HTTPRequest.Method) async throws {
        try await withLoopback { server, client in
            let body = method == .get ? nil : Data("payload".utf8)
            let response = try await client.send(HTTPRequest(method: method, url: server.url("/echo"), body: body))
            let echo = try JSONDecoder().decode(EchoReply.self, from: response.body)
            #expect(echo.method == method.rawValue)
            #expect(echo.body == (body == nil ? "" : "payload"))
        }
    }

    @Test func inventsNoContentTypeForABody() async throws {
        try await withLoopback { server, client in
            let response = try await client.send(HTTPRequest(method: .post, url: server.url("/echo"), body: Data("x".utf8)))
            let echo = try JSONDecoder().decode(EchoReply.self, from: response.body)
            #expect(echo.values(of: "Content-Type").isEmpty)
        }
    }

    @Test func returnsErrorStatusesAsResponsesWithRetryAfter() async throws {
        try await withLoopback { server, client in
            let limited = try await client.send(HTTPRequest(method: .get, url: server.url("/status/429?retry-after=7")))
            #expect(limited.status == 429)
            #expect(limited.retryAfter == .seconds(7))
            let failed = try await client.send(HTTPRequest(method: .post, url: server.url("/status/500")))
            #expect(failed.status == 500)
            #expect(failed.retryAfter == nil)
        }
    }

    // MARK: Connections

    @Test func reusesOneConnectionForSequentialRequests() async throws {
        try await withLoopback { server, client in
            for index in 0..<10 {
                let response = try await client.send(HTTPRequest(method: .post, url: server.url("/echo/\(index)"), body: Data("\(index)".utf8)))
                #expect(response.status == 200)
            }
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func aRecycledHandleCarriesNothingFromTheRequestBefore() async throws {
        try await withLoopback { server, client in
            // One thread, one request at a time: every request reuses the same easy handle.
            _ = try await client.send(
                HTTPRequest(method: .post, url: server.url("/echo/first"), headers: [("X-One", "1")], body: Data("first".utf8)))
            let second = try JSONDecoder().decode(
                EchoReply.self, from: try await client.send(HTTPRequest(method: .get, url: server.url("/echo/second"))).body)
            #expect(second.method == "GET")
            #expect(second.body.isEmpty)
            #expect(second.values(of: "X-One").isEmpty)
            #expect(second.values(of: "Content-Length").isEmpty)
            let third = try JSONDecoder().decode(
                EchoReply.self, from: try await client.send(HTTPRequest(method: .put, url: server.url("/echo/third"), body: Data("3".utf8))).body)
            #expect(third.method == "PUT")
            #expect(third.body == "3")
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test func spreadsRequestsOverSeveralThreads() async throws {
        try await withLoopback(threads: 3) { server, client in
            let targets = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        let response = try await client.send(HTTPRequest(method: .get, url: server.url("/echo/\(index)")))
                        return try JSONDecoder().decode(EchoReply.self, from: response.body).target
                    }
                }
                var targets: Set<String> = []
                for try await target in group { targets.insert(target) }
                return targets
            }
            #expect(targets == Set((0..<30).map { "/echo/\($0)" }))
        }
    }

    @Test func completesFiftyConcurrentRequests() async throws {
        try await withLoopback { server, client in
            let targets = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let response = try await client.send(HTTPRequest(method: .get, url: server.url("/echo/\(index)")))
                        return try JSONDecoder().decode(EchoReply.self, from: response.body).target
                    }
                }
                var targets: Set<String> = []
                for try await target in group { targets.insert(target) }
                return targets
            }
            #expect(targets == Set((0..<50).map { "/echo/\($0)" }))
        }
    }

    @Test func refusedConnectionIsATransientCouldNotConnect() async throws {
        let port = try closedLoopbackPort()
        let client = try CurlHTTPClient()
        let error = await expectFailure(of: HTTPRequest(method: .get, url: URL(string: "http://127.0.0.1:\(port)/")!), on: client)
        #expect(error?.code == .couldNotConnect)
        #expect(error?.isTransient == true)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        await client.shutdown()
    }

    @Test func heldConnectionTimesOutTransiently() async throws {
        try await withLoopback { server, client in
            let started = ContinuousClock.now
            let error = await expectFailure(of: HTTPRequest(method: .get, url: server.url("/hang"), timeout: .milliseconds(200)), on: client)
            #expect(error?.code == .timedOut)
            #expect(error?.isTransient == true)
            #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
            // A bound far above the timeout: it shows the request was cut off, not that it was quick
            // (a loaded machine can take seconds to schedule the client thread).
            #expect(ContinuousClock.now - started < .seconds(30))
        }
    }

    @Test func tlsAgainstAPlainServerIsATLSError() async throws {
        try await withLoopback { server, client in
            let url = URL(string: "https://127.0.0.1:\(server.port)/echo")!
            let error = await expectFailure(of: HTTPRequest(method: .get, url: url), on: client)
            #expect(error?.code == .tls)
        }
    }

    // MARK: Redirects

    @Test func followsGetRedirectsKeepingTheLastResponse() async throws {
        try await withLoopback { server, client in
            let response = try await client.send(HTTPRequest(method: .get, url: server.url("/redirect/5")))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "arrived")
            #expect(response.headers.filter { $0.name == "X-Hop" }.map(\.value) == ["0"])
        }
    }

    @Test(arguments: ["/redirect/6", "/loop"])
    func failsPastFiveRedirects(path: String) async throws {
        try await withLoopback { server, client in
            let error = await expectFailure(of: HTTPRequest(method: .get, url: server.url(path)), on: client)
            #expect(error?.code == .tooManyRedirects)
            #expect(error?.isTransient == false)
        }
    }

    @Test func returnsRedirectsForPostUnfollowed() async throws {
        try await withLoopback { server, client in
            let response = try await client.send(HTTPRequest(method: .post, url: server.url("/redirect/1"), body: Data("x".utf8)))
            #expect(response.status == 302)
            #expect(response.header("Location") == "/redirect/0")
        }
    }

    // MARK: Limits

    @Test(arguments: ["/large", "/large-chunked"])
    func acceptsABodyExactlyAtTheDefaultCap(route: String) async throws {
        try await withLoopback { server, client in
            let response = try await client.send(HTTPRequest(method: .get, url: server.url("\(route)/262144")))
            #expect(response.body.count == 256 * 1024)
        }
    }

    @Test(arguments: ["/large", "/large-chunked"])
    func abortsABodyPastTheDefaultCap(route: String) async throws {
        try await withLoopback { server, client in
            let error = await expectFailure(of: HTTPRequest(method: .get, url: server.url("\(route)/262145")), on: client)
            #expect(error?.code == .responseTooLarge)
            #expect(error?.isTransient == false)
            #expect(error?.message.contains("262144-byte limit") == true)
        }
    }

    @Test func honoursAConfiguredCap() async throws {
        try await withLoopback(maximumResponseBodySize: 1000) { server, client in
            let response = try await client.send(HTTPRequest(method: .get, url: server.url("/large-chunked/1000")))
            #expect(response.body.count == 1000)
            let error = await expectFailure(of: HTTPRequest(method: .get, url: server.url("/large-chunked/1001")), on: client)
            #expect(error?.code == .responseTooLarge)
        }
    }

    // MARK: Invalid requests

    @Test(arguments: ["ftp://127.0.0.1/file", "http://", "file:///etc/passwd"])
    func rejectsURLsItCannotSend(url: String) async throws {
        let client = try CurlHTTPClient()
        let error = await expectFailure(of: HTTPRequest(method: .get, url: try #require(URL(string: url))), on: client)
        #expect(error?.code == .invalidURL)
        #expect(error?.isTransient == false)
        await client.shutdown()
    }

    @Test func rejectsAHeaderWithALineBreak() async throws {
        try await withLoopback { server, client in
            let request = HTTPRequest(method: .get, url: server.url("/echo"), headers: [("X-Note", "a\r\nX-Injected: 1")])
            let error = await expectFailure(of: request, on: client)
            #expect(error?.code == .invalidRequest)
            #expect(server.acceptedConnections == 0)
        }
    }

    // MARK: Cancellation and shutdown

    @Test func cancellingAPendingRequestThrowsCancelledAndKeepsTheClientUsable() async throws {
        try await withLoopback { server, client in
            let pending = Task { await outcome(of: HTTPRequest(method: .get, url: server.url("/hang"), timeout: .seconds(30)), on: client) }
            await server.requestArrived(path: "/hang")
            pending.cancel()
            if case .failure(let error) = await pending.value {
                #expect(error.code == .cancelled)
                #expect(error.isTransient == false)
            } else {
                Issue.record("expected the cancelled request to fail")
            }
            let response = try await client.send(HTTPRequest(method: .get, url: server.url("/echo")))
            #expect(response.status == 200)
        }
    }

    @Test func sendingFromACancelledTaskFailsWithoutConnecting() async throws {
        try await withLoopback { server, client in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await outcome(of: HTTPRequest(method: .get, url: server.url("/echo")), on: client)
            }
            if case .failure(let error) = await task.value { #expect(error.code == .cancelled) } else { Issue.record("expected .cancelled") }
            #expect(server.acceptedConnections == 0)
        }
    }

    @Test func shutdownFailsRequestsInFlightAndLater() async throws {
        try await withLoopback { server, client in
            let pending = Task { await outcome(of: HTTPRequest(method: .get, url: server.url("/hang"), timeout: .seconds(30)), on: client) }
            await server.requestArrived(path: "/hang")
            await client.shutdown()
            if case .failure(let error) = await pending.value {
                #expect(error.code == .cancelled)
                #expect(error.message.contains("shut down"))
            } else {
                Issue.record("expected the request in flight to fail")
            }
            let later = await expectFailure(of: HTTPRequest(method: .get, url: server.url("/echo")), on: client)
            #expect(later?.code == .cancelled)
            await client.shutdown()  // idempotent
        }
    }

    @Test func releasingAnIdleOrUsedClientNeedsNoShutdown() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        _ = try CurlHTTPClient()  // never started a thread
        var client: CurlHTTPClient? = try CurlHTTPClient()
        let response = try await client?.send(HTTPRequest(method: .get, url: server.url("/echo")))
        #expect(response?.status == 200)
        client = nil  // deinit asks the thread to stop
        #expect(client == nil)
    }
}
