import Foundation
import Store
import TestSupport
import Testing
import Transports

/// `engine run` watching its directory: edits take effect without a restart, broken
/// files leave the last valid revision running, and a fix recovers.
@Suite("engine run hot reload", .timeLimit(.minutes(1)))
struct HotReloadTests {
    private static func flow(_ greeting: String) -> String {
        """
        kind: Flow
        name: hi
        triggers: [{ keywords: [hi] }]
        start: a
        nodes:
          a: { send: "\(greeting) <<contact.name>>!", next: end }
        """
    }

    @Test("a flow edit serves at once; an invalid save is refused and the old flow keeps answering; a fix recovers; deleting everything is refused")
    func editBreakFix() async throws {
        let directory = try TemporaryDirectory()
        let mail = try SMTPSink()
        defer { mail.stop() }
        try directory.write("all/senders.yaml", "kind: Sender\nname: support\nphone: \"+15550100003\"\n")
        try directory.write(
            "all/settings.yaml",
            "kind: Settings\nname: default\nnotifications: { email: ops@example.com, smtp: { url: \"\(mail.url.absoluteString)\", from: engine@example.com } }\n"
        )
        try directory.write("all/flows/hi.yaml", Self.flow("Hello"))
        try directory.write("all/flows/bye.yaml", Self.flow("Bye").replacingOccurrences(of: "hi", with: "bye"))
        let engine = try RunningEngine(in: directory.url, arguments: ["--log-format", "json"])
        let client = try CurlHTTPClient()
        let base = engine.base
        try await engine.waitUntilReady(client)
        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        var contactNumber = 9000
        /// Plays "hi" from a new contact and waits for the answer to be sent.
        func answer() async throws -> String {
            contactNumber += 1
            let phone = "+1555010\(contactNumber)"
            let accepted = try await client.send(
                HTTPRequest(
                    method: .post, url: URL(string: base + "/simulator/inbound")!,
                    body: Data(#"{"sender": "support", "from": "\#(phone)", "name": "Ada", "text": "hi"}"#.utf8)))
            #expect(accepted.status == 202)
            var text = ""
            try await waitUntil("\(phone) is answered") {
                guard let entry = ((try? store.outboxEntries(to: phone, after: 0)) ?? []).first(where: { $0.originKind == "flow" }) else {
                    return false
                }
                text = entry.payload
                return true
            }
            return text
        }
        #expect(try await answer().contains("Hello Ada!"))
        let started = try #require(try store.snapshot().lastApplied?.revision)

        // An edit is applied without a restart.
        try directory.write("all/flows/hi.yaml", Self.flow("Welcome"))
        try await waitUntil(timeout: .seconds(2), "the edit is applied") { (try? store.snapshot().lastApplied?.revision) != started }
        #expect(try await answer().contains("Welcome Ada!"))
        let edited = try #require(try store.snapshot().lastApplied)
        #expect(edited.command == "run")

        // A broken save is refused: recorded, and the last valid flow keeps answering.
        try directory.write("all/flows/hi.yaml", "kind: Flow\nname: [hi\n")
        try await waitUntil("the broken save is refused") { (try? store.snapshot().lastAttempted?.outcome) == .failed }
        let refused = try #require(try store.snapshot().lastAttempted)
        #expect(refused.summary.contains("flows/hi.yaml:"))
        #expect(try store.snapshot().lastApplied?.revision == edited.revision)
        #expect(try await answer().contains("Welcome Ada!"))
        // /api/status and the dashboard show the error with its file and line.
        let status = String(
            decoding: try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/api/status")!)).body, as: UTF8.self)
        #expect(status.contains(#""file":"all/flows/hi.yaml""#), "\(status)")
        let page = String(decoding: try await client.send(HTTPRequest(method: .get, url: URL(string: base + "/")!)).body, as: UTF8.self)
        #expect(page.contains("all/flows/hi.yaml"), "\(page)")
        // The operators are mailed once, with the diagnostics.
        try await waitUntil("the alert is mailed") { !mail.deliveries.isEmpty }
        let alert = String(decoding: try #require(mail.deliveries.first).message, as: UTF8.self)
        #expect(alert.contains("flows/hi.yaml:"))
        #expect(mail.deliveries.first?.recipients == ["ops@example.com"])

        // The fix recovers.
        try directory.write("all/flows/hi.yaml", Self.flow("Good day"))
        try await waitUntil("the fix is applied") { (try? store.snapshot().lastAttempted?.outcome) == .applied }
        #expect(try await answer().contains("Good day Ada!"))

        // A file removed: its flow is deleted once the files have settled.
        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("all/flows/bye.yaml"))
        try await waitUntil("the removed flow is deleted") {
            (try? store.snapshot().resources.keys.map(\.description))?.contains("Flow/bye") == false
        }

        // Files that declare nothing never wipe the state.
        // (One rename, so that no reload sees half of the files gone.)
        try FileManager.default.moveItem(at: directory.url.appendingPathComponent("all"), to: directory.url.appendingPathComponent(".trash"))
        try await waitUntil("the empty directory is refused") { (try? store.snapshot().lastAttempted?.outcome) == .failed }
        #expect(try store.snapshot().resources.count == 3)

        // The daemon owns the state: apply refuses.
        let apply = try Engine.run(["apply", ".", "--auto-approve"], in: directory.url)
        #expect(apply.status == 1)
        #expect(apply.errorOutput.contains("engine run"))

        let (exitStatus, log) = engine.stop()
        #expect(exitStatus == 0, "\(log)")
        await client.shutdown()
        // --log-format json: every daemon line is one JSON object.
        let lines = log.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(lines.contains { $0.contains(#""message":"reloaded revision"#) })
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any], "\(line)")
        }
    }
}
