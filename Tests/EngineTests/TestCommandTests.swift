import Foundation
import Store
import Testing
import Transports

/// `engine test` through the real binary: scenarios against real flows on a throwaway
/// state and virtual time.
@Suite("engine test")
struct TestCommandTests {
    /// A sender and a flow with a wait, an HTTP node and a delay.
    func configuration(scenarios: String) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "senders.yaml",
            """
            kind: Sender
            name: support
            phone: "+15550100003"
            """)
        try directory.write(
            "flows/orders.yaml",
            """
            kind: Flow
            name: orders
            triggers: [{ keywords: [order] }]
            start: ask
            nodes:
              ask: { send: "Your order number?", next: number }
              number: { wait: { save: order, timeout: 10m }, next: lookup, timeout: bye }
              lookup:
                http: { method: GET, url: "https://shop.example/orders/<<vars.order>>", save: { status: body.status } }
                next: report
                error: sorry
              report: { send: "Order <<vars.order>> is <<vars.status>>.", next: pause }
              pause: { delay: 1m, next: more }
              more: { send: { text: "Anything else?", buttons: [{ id: "yes", title: "Yes" }, { id: "no", title: "No" }] }, next: end }
              sorry: { send: "The shop is not answering.", next: end }
              bye: { send: "Bye!", next: end }
            """)
        try directory.write("tests/orders.yaml", scenarios)
        return directory
    }

    @Test("passing scenarios exit 0, with HTTP stubs, delays and timeouts on virtual time")
    func passing() throws {
        let directory = try configuration(
            scenarios: """
                name: shipped
                contact: "+15550109001"
                http: [{ method: GET, url: "https://shop.example/orders/42", status: 200, body: { status: shipped } }]
                steps:
                  - say: where is my ORDER?
                  - expect: Your order number?
                  - say: "42"
                  - expect: Order 42 is shipped.
                  - expectNothing: true
                  - wait: 1m
                  - expect: { pattern: "Anything.*", buttons: ["Yes", "No"] }
                ---
                name: shop down
                contact: { phone: "+15550109002", name: Ada }
                http: [{ url: "/https://shop\\\\.example/.*/", status: 500 }]
                steps:
                  - say: order
                  - expect: Your order number?
                  - say: "7"
                  - expect: The shop is not answering.
                ---
                name: nobody answers
                contact: "+15550109003"
                steps:
                  - say: order
                  - expect: Your order number?
                  - wait: 9m
                  - expectNothing: true
                  - wait: 2m
                  - expect: Bye!
                """)
        let result = try Engine.run(["test", "."], in: directory.url)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(
            result.output == """
                PASS shipped (tests/orders.yaml)
                PASS shop down (tests/orders.yaml)
                PASS nobody answers (tests/orders.yaml)
                3 scenarios: 3 passed, 0 failed

                """)
    }

    @Test("a wrong answer exits 1 with the step, expected and actual, and JUnit XML")
    func failing() throws {
        let directory = try configuration(
            scenarios: """
                name: wrong status
                contact: "+15550109001"
                http: [{ url: "https://shop.example/orders/42", body: { status: pending } }]
                steps:
                  - say: order
                  - expect: Your order number?
                  - say: "42"
                  - expect: Order 42 is shipped.
                """)
        let result = try Engine.run(["test", ".", "--junit", "report.xml"], in: directory.url)
        #expect(result.status == 1)
        #expect(
            result.output == """
                FAIL wrong status (tests/orders.yaml)
                  tests/orders.yaml:8:5: step 4: the message differs
                    expected: "Order 42 is shipped."
                    actual:   "Order 42 is pending."
                1 scenario: 0 passed, 1 failed

                """)
        let xml = try String(contentsOf: directory.url.appendingPathComponent("report.xml"), encoding: .utf8)
        #expect(xml.contains(#"<testsuite name="tests/orders.yaml" tests="1" failures="1" errors="0""#))
        #expect(xml.contains(#"<failure message="the message differs">"#))
        #expect(xml.contains("actual:   &quot;Order 42 is pending.&quot;"))
    }

    @Test("an HTTP call without a stub fails the scenario and names the call")
    func unstubbed() throws {
        let directory = try configuration(
            scenarios: """
                contact: "+15550109001"
                steps:
                  - say: order
                  - expect: Your order number?
                  - say: "42"
                  - expect: Order 42 is shipped.
                """)
        let result = try Engine.run(["test", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(result.output.contains("HTTP call without a stub: GET https://shop.example/orders/42"), "\(result.output)")
    }

    @Test("a malformed scenario file exits 1 with file:line:column")
    func malformed() throws {
        let directory = try configuration(
            scenarios: """
                contact: "+15550109001"
                steps:
                  - say: order
                  - expcet: Your order number?
                  - wait: soon
                """)
        let result = try Engine.run(["test", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(result.output.contains("tests/orders.yaml:4:5: error: unknown step 'expcet'; did you mean 'expect'?"), "\(result.output)")
        #expect(result.output.contains("tests/orders.yaml:5:11: error: 'wait' takes a duration"), "\(result.output)")
    }

    @Test("the demo configuration's scenarios pass")
    func demo() throws {
        let result = try Engine.run(["test", "."], in: EngineBinaryTests.repository)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.hasSuffix("8 scenarios: 8 passed, 0 failed\n"), "\(result.output)")
    }
}

/// `engine chat` through the real binary, fed from standard input.
@Suite("engine chat")
struct ChatCommandTests {
    @Test("lines are messages, /tap taps, /wait moves virtual time, answers show their buttons")
    func conversation() throws {
        let result = try Engine.run(
            ["chat", ".", "--sender", "support", "--as", "+15550109001"], in: EngineBinaryTests.repository,
            input: "hi\n/tap hours\n/wait 30m\nhelp\n/wait 31m\n/dance\n/quit\n")
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(
            result.output == """
                Chatting with support as +15550109001. /tap ID, /wait 10m, /quit
                support › Hi! I'm the support assistant. What can I do for you?
                          [Where is my order?] [Opening hours] [Talk to a person]
                support › We're open Monday to Friday, 9:00-18:00 (New York time).
                support › Hi! I'm the support assistant. What can I do for you?
                          [Where is my order?] [Opening hours] [Talk to a person]
                support › No problem, just type HELP whenever you need me.

                """)
        #expect(result.errorOutput.contains("unknown command /dance"))
    }

    @Test("answers go out through the dispatcher and a simulator: quotas hold them on virtual time, and another contact's rows are left alone")
    func throughTheSimulator() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "config.yaml",
            """
            kind: Sender
            name: support
            phone: "+15550100003"
            quota: { perMinute: 1, perHour: 100, perDay: 1000 }
            ---
            kind: Flow
            name: f
            triggers: [{ keywords: [go] }]
            start: first
            nodes:
              first: { send: "one", next: second }
              second: { send: "two", next: end }
            """)
        let state = directory.url.appendingPathComponent("state.db").path
        let first = try Engine.run(
            ["chat", ".", "--as", "+15550109001", "--state", state], in: directory.url, input: "go\n/wait 59s\n/wait 2s\n/quit\n")
        #expect(first.status == 0, "\(first.errorOutput)")
        #expect(
            first.output == """
                Chatting with support as +15550109001. /tap ID, /wait 10m, /quit
                support › one
                support › two

                """)
        // The minute window holds "two" until a minute after "one": not after 59 s, by 61 s
        // (a row queued at the chat's start, read back a fraction of a millisecond late,
        // still goes at once).
        #expect(first.output.components(separatedBy: "support › ").count == 3)

        // A second contact on the same state shares the sender's quota, which the first
        // chat's virtual time filled until a minute after "two" (sent 61 s in): this chat's
        // clock starts at the real time again, so its "one" goes about 2 min in and its
        // "two" a minute later. The third chat (the first contact again) must not send it.
        let second = try Engine.run(
            ["chat", ".", "--as", "+15550109002", "--state", state], in: directory.url, input: "go\n/wait 150s\n/quit\n")
        #expect(second.output.hasSuffix("/quit\nsupport › one\n"), "\(second.output)")
        let third = try Engine.run(["chat", ".", "--as", "+15550109001", "--state", state], in: directory.url, input: "/wait 2m\n/quit\n")
        #expect(third.status == 0, "\(third.errorOutput)")
        #expect(!third.output.contains("support ›"), "\(third.output)")

        let store = try SQLiteStore(path: state)
        let outbox = try (1...4).map { id in
            let record = try #require(try store.outboxRecord(id: Int64(id)))
            return "\(record.recipient)|\(record.state.rawValue)|\(record.providerMessageID?.prefix(12) ?? "")"
        }
        #expect(try store.outboxRecord(id: 5) == nil)
        #expect(
            outbox == [
                "+15550109001|sent|sim.support.", "+15550109001|sent|sim.support.", "+15550109002|sent|sim.support.",
                "+15550109002|queued|",
            ])
    }

    @Test("a state a daemon owns is refused, with where to chat instead")
    func stateOwnedByADaemon() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("config.yaml", "kind: Sender\nname: support\nphone: \"+15550100003\"\n")
        let engine = try RunningEngine(in: directory.url)
        let client = try CurlHTTPClient()
        try await engine.waitUntilReady(client)
        let state = directory.url.appendingPathComponent(".engine/state.db").path
        let refused = try Engine.run(["chat", ".", "--state", state], in: directory.url, input: "hi\n/quit\n")
        let (status, log) = engine.stop()
        #expect(status == 0, "\(log)")
        #expect(refused.status == 1)
        #expect(refused.errorOutput.contains("engine run"), "\(refused.errorOutput)")
        #expect(refused.errorOutput.contains("help: a daemon (engine run) owns this state"), "\(refused.errorOutput)")
        #expect(refused.output.isEmpty)

        let afterwards = try Engine.run(["chat", ".", "--state", state], in: directory.url, input: "/quit\n")
        #expect(afterwards.status == 0, "\(afterwards.errorOutput)")
    }

    @Test("an unknown sender exits 1 with the nearest name")
    func unknownSender() throws {
        let result = try Engine.run(["chat", ".", "--sender", "suport"], in: EngineBinaryTests.repository, input: "")
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("no sender 'suport'; did you mean 'support'?"), "\(result.errorOutput)")
    }
}

/// `Settings.http` limits reach the flows' http nodes.
@Suite("http node settings")
struct HTTPNodeSettingsCommandTests {
    @Test("a host outside Settings.http.allowedHosts is refused and takes the error edge, without any call")
    func allowList() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "settings.yaml",
            """
            kind: Settings
            name: default
            http: { allowedHosts: ["*.trusted.example"], maxResponseBytes: 1024 }
            ---
            kind: Sender
            name: support
            phone: "+15550100003"
            ---
            kind: Flow
            name: f
            triggers: [{ keywords: [go] }]
            start: call
            nodes:
              call: { http: { url: "https://evil.example/x" }, next: ok, error: refused }
              ok: { send: "called", next: end }
              refused: { send: "refused <<http.status>>", next: end }
            """)
        try directory.write(
            "tests/f.yaml",
            """
            contact: "+15550109001"
            http: [{ url: "https://evil.example/x", body: "{}" }]
            steps:
              - say: go
              - expect: refused 0
            """)
        let result = try Engine.run(["test", "."], in: directory.url)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
    }
}
