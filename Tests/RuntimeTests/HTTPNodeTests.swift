import Flows
import Foundation
import Runtime
import Store
import Testing
import Transports

@Suite("FlowRunner http nodes", .timeLimit(.minutes(1)))
struct HTTPNodeTests {
    /// `order`: look the order up, report what was saved, or apologise on the error edge.
    static func orderFlow(url: String, retries: Int = 0, reportNext: String = "end", extraNodes: String = "") -> String {
        """
        kind: Flow
        name: order
        triggers: [{ keywords: [order] }]
        start: lookup
        nodes:
          lookup:
            http:
              method: POST
              url: "\(url)?contact=<<contact.phone>>"
              headers: { Authorization: "Bearer ${env:SHOP_TOKEN}" }
              body: { who: "<<contact.name>>", count: 2 }
              timeout: 5s
              retries: \(retries)
              save: { status: body.status, first: body.items.0 }
            next: report
            error: sorry
          report: { send: "Order is <<vars.status>> (<<vars.first>>)", next: \(reportNext) }
          sorry: { send: "Sorry: <<flow.httpStatus>> <<http.body.error | default: \\"-\\">>", next: end }
        \(extraNodes)
        """
    }

    static let secrets = HTTPNodeSettings(resolveSecret: { reference in reference == .environment("SHOP_TOKEN") ? "s3cret" : nil })

    @Test("a 2xx result saves variables and continues at next; secrets are resolved only on the wire")
    func success() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json(#"{"status":"shipped","items":["tea","cake"]}"#))
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"))], settings: Self.secrets)

        try await world.say("order")

        #expect(try world.texts() == ["Order is shipped (tea)"])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/orders?contact=%2B15550100001")
        #expect(request.headers["authorization"] == "Bearer s3cret")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.body == #"{"who":"Ann W.","count":2}"#)
        #expect(try world.executions().map(\.endedReason) == ["completed"])
        #expect(try world.count("flow_http_calls") == 0)
        let stored = try await world.database().read { db in try String.fetchAll(db, sql: "SELECT state FROM flow_executions") }
        #expect(stored.allSatisfy { !$0.contains("s3cret") }, "a secret never reaches the database")
    }

    @Test("a non-2xx result takes the error edge, without retrying a 4xx")
    func errorEdge() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json(#"{"error":"no such order"}"#, status: 404))
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"), retries: 3)], settings: Self.secrets)

        try await world.say("order")

        #expect(try world.texts() == ["Sorry: 404 no such order"])
        #expect(server.requests.count == 1)
    }

    @Test("a 500 is retried with doubling backoff on the injected clock, then the success is used")
    func retriesWithBackoff() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json("{}", status: 500), .json("{}", status: 503), .json(#"{"status":"late","items":[1]}"#))
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"), retries: 2)], settings: Self.secrets)

        let runner = world.runner
        let message = world.message("order")
        let handled = Task { try await runner.handle(message) }
        await world.clock.waitForSleepers(1)
        #expect(server.requests.count == 1)
        world.clock.advance(by: .milliseconds(999))
        #expect(world.clock.sleeperCount == 1, "the first wait is one second")
        world.clock.advance(by: .milliseconds(1))
        await world.clock.waitForSleepers(1)
        #expect(server.requests.count == 2)
        world.clock.advance(by: .milliseconds(1999))
        #expect(world.clock.sleeperCount == 1, "the second wait is two seconds")
        world.clock.advance(by: .milliseconds(1))
        _ = try await handled.value

        #expect(server.requests.count == 3)
        #expect(try world.texts() == ["Order is late (1)"])
    }

    @Test("when the retries run out the last status takes the error edge")
    func retriesExhausted() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json("{}", status: 500))
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"), retries: 1)], settings: Self.secrets)

        let runner = world.runner
        let message = world.message("order")
        let handled = Task { try await runner.handle(message) }
        await world.clock.waitForSleepers(1)
        world.clock.advance(by: .seconds(1))
        _ = try await handled.value

        #expect(server.requests.count == 2)
        #expect(try world.texts() == ["Sorry: 500 -"])
    }

    @Test("a host off the allow-list is refused without a request: status 0 with an error note")
    func allowListRefusal() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json("{}"))
        var settings = Self.secrets
        settings.allowedHosts = ["api.example.com", "*.shop.example"]
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"))], settings: settings)

        try await world.say("order")

        #expect(server.requests.isEmpty)
        #expect(try world.texts() == ["Sorry: 0 host 127.0.0.1 is not on the allow-list of http nodes"])
        #expect(try world.events("flow.http-failed").count == 1)
    }

    @Test("a missing secret and an oversized response both become status 0")
    func missingSecretAndSizeCap() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json(#"{"status":"\#(String(repeating: "x", count: 100))"}"#))
        let noSecrets = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"))])
        try await noSecrets.say("order")
        #expect(try noSecrets.texts() == ["Sorry: 0 the secret ${env:SHOP_TOKEN} of header Authorization is not available"])
        #expect(server.requests.isEmpty)

        var capped = Self.secrets
        capped.maximumResponseBodySize = 64
        let small = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"))], settings: capped)
        try await small.say("order")
        #expect(try small.texts() == ["Sorry: 0 the response of POST 127.0.0.1 was larger than 64 bytes"])
    }

    @Test("messages during an HTTP call are queued and reach the wait that follows it")
    func messagesDuringCallQueued() async throws {
        let gate = GatedHTTPClient()
        let flow = Self.orderFlow(
            url: "http://api.example/orders", reportNext: "more",
            extraNodes: """
                  more: { wait: { save: extra }, next: noted }
                  noted: { send: "Noted <<vars.extra>>", next: end }
                """)
        let world = try await RunnerWorld(["flows/order.yaml": flow], http: gate, settings: Self.secrets)

        let runner = world.runner
        let order = world.message("order")
        let handled = Task { try await runner.handle(order) }
        await gate.waitForRequests(1)
        #expect(try world.state()?.status == .waitingForHTTP)
        #expect(try await world.say("gift wrap") == .queued)

        gate.answer(HTTPResponse(status: 200, body: Data(#"{"status":"packed","items":["box"]}"#.utf8)))
        _ = try await handled.value

        #expect(try world.texts() == ["Order is packed (box)", "Noted gift wrap"])
        #expect(gate.requests.first?.header("Authorization") == "Bearer s3cret")
    }

    @Test("without awaiting calls, handle returns once the step is stored; the call finishes after and reports it")
    func detachedCalls() async throws {
        let gate = GatedHTTPClient()
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: "http://api.example/orders")], http: gate, settings: Self.secrets)
        let (finished, finish) = AsyncStream.makeStream(of: Bool.self)

        let disposition = try await world.runner.handle(world.message("order"), awaitingCalls: false) { error in finish.yield(error == nil) }
        #expect(disposition != .noMatch)
        await gate.waitForRequests(1)
        #expect(try world.state()?.status == .waitingForHTTP)
        #expect(try world.texts().isEmpty)

        gate.answer(HTTPResponse(status: 200, body: Data(#"{"status":"packed","items":["box"]}"#.utf8)))
        var iterator = finished.makeAsyncIterator()
        #expect(await iterator.next() == true)
        #expect(try world.texts() == ["Order is packed (box)"])
    }

    @Test("a call in flight when the process stops is made again on recovery (at-least-once)")
    func reissuedAfterRestart() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json(#"{"status":"found","items":["x"]}"#))
        let gate = GatedHTTPClient()
        let world = try await RunnerWorld(["flows/order.yaml": Self.orderFlow(url: server.url("/orders"))], http: gate, settings: Self.secrets)

        let runner = world.runner
        let order = world.message("order")
        let handled = Task { try await runner.handle(order) }
        await gate.waitForRequests(1)
        handled.cancel()  // the process stops while the call is in flight
        _ = try? await handled.value
        #expect(try world.count("flow_http_calls") == 1)
        #expect(try world.texts().isEmpty)

        let recovery = try await world.restart(http: try CurlHTTPClient())

        #expect(recovery?.reissuedCalls == 1)
        #expect(server.requests.count == 1)
        #expect(try world.texts() == ["Order is found (x)"])
        #expect(try world.count("flow_http_calls") == 0)
    }
}
