import Foundation
import Glibc
import Store
import TestSupport
import Testing
import Transports

/// `engine run` as a real process: it applies, serves, sends and stops on SIGTERM.
@Suite("engine run", .timeLimit(.minutes(1)))
struct RunCommandTests {
    @Test("a running campaign is sent and completes; a simulated contact's message starts a flow whose answer is sent; SIGTERM stops it with 0")
    func endToEnd() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: support\nphone: \"+15550100003\"\n")
        try directory.write(
            "campaigns/promo.yaml",
            """
            kind: Campaign
            name: promo
            state: running
            senders: [support]
            message: "Hi <<contact.name>>, 20% off today."
            pacing: { minDelay: 0s, maxDelay: 0s, typing: false }
            contacts: [{ phone: "+15550109101", name: Ann }, { phone: "+15550109102", name: Bo }]
            """)
        try directory.write(
            "flows/hi.yaml",
            """
            kind: Flow
            name: hi
            triggers: [{ keywords: [hi] }]
            start: a
            nodes:
              a: { send: "Hello <<contact.name>>!", next: end }
            """)
        let engine = try RunningEngine(in: directory.url)
        let client = try CurlHTTPClient()
        let base = engine.base
        try await engine.waitUntilReady(client)
        let accepted = try await client.send(
            HTTPRequest(
                method: .post, url: URL(string: base + "/simulator/inbound")!,
                body: Data(#"{"sender": "support", "from": "+15550109001", "name": "Ada", "text": "hi there"}"#.utf8)))
        #expect(accepted.status == 202)

        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        try await waitUntil("the answer is sent") {
            let entries = (try? store.outboxEntries(to: "+15550109001", after: 0)) ?? []
            return entries.contains { $0.payload.contains("Hello Ada!") && $0.state != "queued" && $0.state != "sending" }
        }
        try await waitUntil("the campaign has sent to both contacts and completed") {
            let sent = ["+15550109101", "+15550109102"].allSatisfy { phone in
                ((try? store.outboxEntries(to: phone, after: 0)) ?? []).contains { $0.originKind == "campaign" && $0.state != "queued" }
            }
            return sent && (try? store.snapshot().campaigns["promo"]?.state) == .completed
        }
        #expect(try store.outboxEntries(to: "+15550109101", after: 0).map(\.payload) == [#"{"text":"Hi Ann, 20% off today."}"#])
        #expect(try store.simulatorMessages(sender: "support").count == 3)

        let stopped = engine.stop()
        #expect(stopped.status == 0, "\(stopped.log)")
        await client.shutdown()
    }
}

/// `engine run`'s HTTP API as a real process: bearer token, a send through the outbox,
/// status and metrics.
@Suite("engine run's API", .timeLimit(.minutes(1)))
struct RunCommandAPITests {
    @Test("without an API token, listening beyond loopback is refused before anything is applied")
    func refusesOpenAPI() throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: support\nphone: \"+15550100003\"\n")
        let result = try Engine.run(["run", ".", "--listen", "0.0.0.0:0"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("without a token; set ENGINE_API_TOKEN"), "\(result.errorOutput)")
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(".engine/state.db").path))
    }

    @Test("/api needs the token; a message posted to it is sent; status and metrics answer")
    func apiEndToEnd() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: support\nphone: \"+15550100003\"\n")
        let engine = try RunningEngine(in: directory.url, environment: ["ENGINE_API_TOKEN": "integration-token"])
        let client = try CurlHTTPClient()
        let base = engine.base
        let bearer = [(name: "Authorization", value: "Bearer integration-token")]
        try await engine.waitUntilReady(client)

        #expect(try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/api/status")!)).status == 401)
        let posted = try await client.send(
            HTTPRequest(
                method: .post, url: URL(string: base + "/api/messages")!, headers: bearer,
                body: Data(#"{"to": "+15550109001", "text": "Your order shipped", "idempotencyKey": "order-1"}"#.utf8)))
        #expect(posted.status == 202, "\(String(decoding: posted.body, as: UTF8.self))")
        try await waitUntil("the message is sent") {
            let page = try await client.send(
                HTTPRequest(method: .get, url: URL(string: base + "/api/messages?recipient=%2B15550109001")!, headers: bearer))
            let text = String(decoding: page.body, as: UTF8.self)
            return text.contains(#""origin":{"kind":"manual","name":"api"}"#) && !text.contains(#""state":"queued""#)
        }
        let status = try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/api/status")!, headers: bearer))
        #expect(String(decoding: status.body, as: UTF8.self).contains(#""outcome":"applied""#))
        let metrics = String(decoding: try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/metrics")!)).body, as: UTF8.self)
        #expect(metrics.contains(#"engine_sender_health{sender="support"} 100.0"#), "\(metrics)")
        // The dashboard shows the same state, behind the same token.
        #expect(try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/")!)).status == 401)
        let page = try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/?token=integration-token")!))
        #expect(page.status == 200)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("support") && html.contains("Your order shipped"), "\(html)")

        #expect(engine.stop().status == 0)
        await client.shutdown()
    }
}

/// Polls `condition` every 20 ms until it holds, failing after `timeout`: a real process
/// takes real time, and this waits no longer than it needs.
func waitUntil(timeout: Duration = .seconds(20), _ what: String, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    Issue.record("timed out waiting until \(what)")
    throw CancellationError()
}

/// `engine run` on a directory as a child process, listening on a free loopback port; its
/// log goes to a file (a pipe nobody reads would fill and block it). Terminated when
/// released if still running.
final class RunningEngine {
    let process = Process()
    let port: UInt16
    let logFile: URL
    /// `http://127.0.0.1:PORT`.
    var base: String { "http://127.0.0.1:\(port)" }

    init(in directory: URL, arguments: [String] = [], environment: [String: String] = [:]) throws {
        port = try closedLoopbackPort()
        logFile = FileManager.default.temporaryDirectory.appendingPathComponent("engine-run-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.executableURL = Engine.executable
        process.arguments = ["run", ".", "--listen", "127.0.0.1:\(port)"] + arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: logFile)
    }

    /// Waits until `/readyz` answers 200.
    func waitUntilReady(_ client: CurlHTTPClient) async throws {
        let url = URL(string: base + "/readyz")!
        try await waitUntil("the daemon is ready") { (try? await client.send(HTTPRequest(method: .get, url: url)))?.status == 200 }
    }

    /// SIGTERM, then waits for the exit.
    /// - Returns: the exit status and everything the daemon logged.
    func stop() -> (status: Int32, log: String) {
        process.terminate()
        process.waitUntilExit()
        return (process.terminationStatus, log)
    }

    /// SIGKILL, then waits for the exit: a crash.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// What the daemon logged so far.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
}
