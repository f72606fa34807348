import Foundation
import Manifest
import Runtime
import Store
import Testing
import Transports

/// plan, apply and status through the real binary on real directories.
@Suite("plan, apply, status")
struct ReconcileCommandTests {
    func configuration() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "senders.yaml",
            """
            kind: Sender
            name: sales-1
            phone: "+15550100001"
            ---
            kind: Campaign
            name: promo
            state: running
            senders: [sales-1]
            message: "Hi <<contact.name>>"
            contacts: [{ phone: "+15550100002", name: Ann }, { phone: "+15550100003", name: Bo }]
            """)
        return directory
    }

    @Test("plan --detailed-exitcode exits 2 with changes and 0 after apply; status shows the result")
    func planApplyStatus() throws {
        let directory = try configuration()
        let first = try Engine.run(["plan", "--detailed-exitcode", "."], in: directory.url)
        #expect(first.status == 2, "\(first.output)\(first.errorOutput)")
        #expect(first.output.contains("Plan: 2 to create, 0 to update, 0 to delete, 1 transition."))
        #expect(
            !FileManager.default.fileExists(atPath: directory.url.appendingPathComponent(".engine/state.db").path),
            "plan must not create the state")

        let apply = try Engine.run(["apply", "--auto-approve", "."], in: directory.url)
        #expect(apply.status == 0, "\(apply.output)\(apply.errorOutput)")
        #expect(apply.output.contains("Apply complete"))
        let gitignore = try String(contentsOf: directory.url.appendingPathComponent(".engine/.gitignore"), encoding: .utf8)
        #expect(gitignore.contains("*"))

        let second = try Engine.run(["plan", "--detailed-exitcode", "."], in: directory.url)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.output.hasPrefix("No changes."))

        let status = try Engine.run(["status", "--format", "json", "."], in: directory.url)
        #expect(status.status == 0, "\(status.errorOutput)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let campaigns = try #require(document["campaigns"] as? [[String: Any]])
        #expect(campaigns.first?["state"] as? String == "running")
        #expect((campaigns.first?["progress"] as? [String: Int])?["queued"] == 2)
        let stats = try #require(campaigns.first?["stats"] as? [String: Any])
        #expect(stats["queued"] as? Int == 2 && stats["sent"] as? Int == 0 && stats["failures"] as? [Any] != nil)
        let text = try Engine.run(["status", "."], in: directory.url)
        #expect(text.output.contains("    2 queued, 0 sent, 0 delivered, 0 read, 0 failed, 0 opted out, 0 skipped\n"), "\(text.output)")
    }

    @Test("plan warns when a campaign sends free-form text from a Cloud API sender")
    func serviceWindowWarning() throws {
        let directory = try TemporaryDirectory()
        for name in ["token", "secret", "verify"] { try directory.write(name, "value-\(name)") }
        try directory.write(
            "senders.yaml",
            """
            kind: Sender
            name: meta
            transport: cloud-api
            phone: "+15550100001"
            phoneNumberId: "1"
            accessToken: ${file:token}
            appSecret: ${file:secret}
            verifyToken: ${file:verify}
            ---
            kind: Campaign
            name: promo
            state: running
            senders: [meta]
            message: "Hi <<contact.name>>"
            contacts: [{ phone: "+15550100002", name: Ann }]
            """)
        let result = try Engine.run(["plan", "."], in: directory.url)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(
            result.output.contains(
                "\nWarning: Campaign/promo sends free-form content (no template) from cloud-api sender 'meta': WhatsApp delivers free-form "
                    + "messages only to contacts who wrote to that number in the last 24 hours;"),
            "\(result.output)")
    }

    @Test("apply without a terminal and without --auto-approve refuses and changes nothing")
    func noTerminalNoApproval() throws {
        let directory = try configuration()
        let result = try Engine.run(["apply", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("--auto-approve"))
        let plan = try Engine.run(["plan", "--detailed-exitcode", "."], in: directory.url)
        #expect(plan.status == 2)
    }

    @Test("a saved plan applies once; applying it again is refused as stale with exit 3")
    func savedPlan() throws {
        let directory = try configuration()
        let plan = try Engine.run(["plan", "--out", "plan.json", "."], in: directory.url)
        #expect(plan.status == 0, "\(plan.errorOutput)")
        let first = try Engine.run(["apply", "plan.json"], in: directory.url)
        #expect(first.status == 0, "\(first.output)\(first.errorOutput)")
        let again = try Engine.run(["apply", "plan.json"], in: directory.url)
        #expect(again.status == 3, "\(again.output)\(again.errorOutput)")
        #expect(again.errorOutput.contains("stale"))
    }

    @Test("a saved plan is refused when the files changed after it was made")
    func savedPlanFilesChanged() throws {
        let directory = try configuration()
        #expect(try Engine.run(["plan", "--out", "plan.json", "."], in: directory.url).status == 0)
        try directory.write(
            "senders.yaml",
            try String(contentsOf: directory.url.appendingPathComponent("senders.yaml"), encoding: .utf8)
                .replacingOccurrences(of: "Hi <<", with: "Hello <<"))
        let result = try Engine.run(["apply", "plan.json"], in: directory.url)
        #expect(result.status == 3)
        #expect(result.errorOutput.contains("files"))
    }

    @Test("a second writer is refused while another process holds the lock, naming the holder")
    func lockContention() throws {
        let directory = try configuration()
        #expect(try Engine.run(["apply", "--auto-approve", "."], in: directory.url).status == 0)
        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        let holder = LockHolder(
            command: "run", pid: ProcessInfo.processInfo.processIdentifier, host: ProcessInfo.processInfo.hostName, acquiredAt: Date())
        _ = try store.acquireLock(for: holder, timeout: .zero)
        defer { try? store.releaseLock(holder) }

        let result = try Engine.run(["apply", "--auto-approve", "--lock-timeout", "200ms", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("pid \(ProcessInfo.processInfo.processIdentifier)"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("engine run"))
        // Read-only commands still work.
        #expect(try Engine.run(["plan", "."], in: directory.url).status == 0)
        #expect(try Engine.run(["status", "."], in: directory.url).status == 0)
    }

    @Test("an unresolvable secret stops plan with its position")
    func unresolvedSecret() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "senders.yaml",
            """
            kind: Sender
            name: meta
            transport: cloud-api
            phone: "+15550100001"
            phoneNumberId: "1"
            accessToken: ${env:ENGINE_TEST_UNSET_TOKEN}
            appSecret: ${env:ENGINE_TEST_UNSET_SECRET}
            verifyToken: ${file:missing-token}
            """)
        let result = try Engine.run(["plan", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(
            result.errorOutput.contains("senders.yaml:6:14: error[secret.unresolved]: the environment variable ENGINE_TEST_UNSET_TOKEN is not set"),
            "\(result.errorOutput)")
        #expect(result.errorOutput.contains("senders.yaml:8:14: error[secret.unresolved]"))
    }
}

/// apply deploys flows and status shows their analytics.
@Suite("apply and status with flows")
struct FlowDeploymentCommandTests {
    static let flow = """
        kind: Flow
        name: greet
        triggers: [{ keywords: [hello] }]
        start: ask
        nodes:
          ask: { send: "Name?", next: wait }
          wait: { wait: { save: name }, next: thanks }
          thanks: { send: "Thanks <<vars.name>>", next: end }
        """

    @Test("status counts node entries and edges; removing the flow ends its executions on apply")
    func countersAndRemoval() async throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: sales-1\nphone: \"+15550100001\"\n")
        try directory.write("flows/greet.yaml", Self.flow)
        let apply = try Engine.run(["apply", "--auto-approve", "."], in: directory.url)
        #expect(apply.status == 0, "\(apply.output)\(apply.errorOutput)")

        // A contact starts the flow and is left waiting, as a running daemon would do it.
        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        let report = try Validator(directory: directory.url.path).validate()
        let runner = FlowRunner(store: store, httpClient: try CurlHTTPClient())
        _ = try await runner.deploy(report.configuration)
        _ = try await runner.handle(
            ReceivedMessage(providerMessageID: "m1", sender: "sales-1", contactPhone: "+15550109001", text: "hello there", receivedAt: Date()))

        let status = try Engine.run(["status", "."], in: directory.url)
        #expect(status.status == 0, "\(status.errorOutput)")
        #expect(status.output.contains("greet  active"), "\(status.output)")
        #expect(status.output.contains("1 active executions"), "\(status.output)")
        #expect(status.output.contains("    nodes: ask 1, wait 1\n"), "\(status.output)")
        #expect(status.output.contains("    edges: ask-next->wait 1\n"), "\(status.output)")

        try FileManager.default.removeItem(at: directory.url.appendingPathComponent("flows"))
        let removal = try Engine.run(["apply", "--auto-approve", "."], in: directory.url)
        #expect(removal.status == 0, "\(removal.output)\(removal.errorOutput)")
        #expect(removal.output.contains("Ended 1 execution(s) of greet (flow-removed)."), "\(removal.output)")
        #expect(try store.activeExecutions(flow: "greet").isEmpty)
    }
}

/// `engine send` through the real binary.
@Suite("send")
struct SendCommandTests {
    @Test("a single send and a CSV are queued once each, personalised, skipping opted-out contacts; bad rows stop everything")
    func queues() throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: sales-1\nphone: \"+15550100001\"\n")
        #expect(try Engine.run(["apply", "--auto-approve", "."], in: directory.url).status == 0)
        let single = try Engine.run(["send", ".", "--to", "+15550109001", "--text", "Hello there"], in: directory.url)
        #expect(single.status == 0, "\(single.errorOutput)")
        #expect(single.output == "queued 1 message from sales-1; `engine run` sends them\n")

        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        try store.setSuppressed(true, phone: "+15550109003", reason: "replied STOP", confirmation: nil)
        try directory.write("batch.csv", "phone,name,text\n+15550109002,Ann,Hi <<contact.name>>!\n+15550109003,Bo,Hi <<contact.name>>!\n")
        let batch = try Engine.run(["send", ".", "--file", "batch.csv"], in: directory.url)
        #expect(batch.output == "queued 1 message from sales-1; 1 skipped (opted out); `engine run` sends them\n", "\(batch.errorOutput)")
        let again = try Engine.run(["send", ".", "--file", "batch.csv"], in: directory.url)
        #expect(again.output == "queued 0 messages from sales-1; 1 already queued before; 1 skipped (opted out); `engine run` sends them\n")
        let entries = try store.outboxEntries(to: "+15550109002", after: 0)
        #expect(entries.map(\.payload) == [#"{"text":"Hi Ann!"}"#])
        #expect(entries.first?.originKind == "manual" && entries.first?.sender == "sales-1")

        try directory.write("broken.csv", "phone,text\n+15550109004,ok\nnot-a-number,hi\n")
        let broken = try Engine.run(["send", ".", "--file", "broken.csv"], in: directory.url)
        #expect(broken.status == 1)
        #expect(broken.errorOutput.contains("broken.csv:3:1: error["), "\(broken.errorOutput)")
        #expect(try store.outboxEntries(to: "+15550109004", after: 0).isEmpty, "nothing queued from a broken file")
        #expect(try Engine.run(["send", ".", "--to", "+15550109001"], in: directory.url).status == 64)
    }

    @Test("--burst queues messages that skip pacing, from the sender named, and says so")
    func burst() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "senders.yaml", "kind: Sender\nname: sales-1\nphone: \"+15550100001\"\n---\nkind: Sender\nname: sales-2\nphone: \"+15550100002\"\n")
        #expect(try Engine.run(["apply", "--auto-approve", "."], in: directory.url).status == 0)

        let burst = try Engine.run(
            ["send", ".", "--sender", "sales-2", "--to", "+15550109001", "--text", "Doors open now", "--burst"], in: directory.url)
        #expect(burst.status == 0, "\(burst.errorOutput)")
        #expect(burst.output == "queued 1 message from sales-2 without pacing (burst); `engine run` sends them\n")
        let paced = try Engine.run(["send", ".", "--sender", "sales-2", "--to", "+15550109002", "--text", "Hello"], in: directory.url)
        #expect(paced.output == "queued 1 message from sales-2; `engine run` sends them\n")

        let store = try SQLiteStore(path: directory.url.appendingPathComponent(".engine/state.db").path)
        let burstRow = try #require(try store.outboxEntries(to: "+15550109001", after: 0).first)
        #expect(try store.outboxRecord(id: burstRow.id)?.isBurst == true)
        #expect(burstRow.sender == "sales-2")
        let pacedRow = try #require(try store.outboxEntries(to: "+15550109002", after: 0).first)
        #expect(try store.outboxRecord(id: pacedRow.id)?.isBurst == false)
    }
}
