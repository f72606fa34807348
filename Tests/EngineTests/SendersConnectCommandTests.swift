import Foundation
import GRDB
import Store
import Testing

/// `engine senders connect` errors through the real binary (no gateway needed).
@Suite("senders connect")
struct SendersConnectCommandTests {
    func configuration() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.write(
            "senders.yaml",
            """
            kind: Sender
            name: sales-1
            transport: gateway
            phone: "+15550100001"
            baseURL: http://127.0.0.1:9
            session: sales-1
            apiKey: ${env:ENGINE_TEST_UNSET_GATEWAY_KEY}
            ---
            kind: Sender
            name: support
            transport: cloud-api
            phone: "+15550100002"
            phoneNumberId: "1234567890"
            accessToken: ${env:ENGINE_TEST_CLOUD_TOKEN}
            appSecret: ${env:ENGINE_TEST_CLOUD_APP_SECRET}
            verifyToken: ${env:ENGINE_TEST_CLOUD_VERIFY_TOKEN}
            """)
        return directory
    }

    @Test("an unknown sender exits 1 and names the nearest sender")
    func unknownSender() throws {
        let directory = try configuration()
        let result = try Engine.run(["senders", "connect", "sales1", "."], in: directory.url)
        #expect(result.status == 1, "\(result.output)\(result.errorOutput)")
        #expect(result.errorOutput.contains("error: no sender 'sales1'; did you mean 'sales-1'?"), "\(result.errorOutput)")
    }

    @Test("a cloud-api sender exits 1: only gateway senders pair by QR code")
    func nonGatewaySender() throws {
        let directory = try configuration()
        let result = try Engine.run(["senders", "connect", "support", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("only gateway senders pair by QR code"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("Meta's dashboard"))
    }

    @Test("an unresolvable apiKey exits 1 naming the variable")
    func unresolvableSecret() throws {
        let directory = try configuration()
        let result = try Engine.run(["senders", "connect", "sales-1", "."], in: directory.url)
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("cannot resolve apiKey of sender 'sales-1'"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("ENGINE_TEST_UNSET_GATEWAY_KEY"))
    }

    @Test("a malformed --timeout is a usage error")
    func badTimeout() throws {
        let directory = try configuration()
        #expect(try Engine.run(["senders", "connect", "sales-1", "--timeout", "soon"], in: directory.url).status == 64)
    }
}

/// `engine senders resume` through the real binary.
@Suite("senders resume")
struct SendersResumeCommandTests {
    @Test("a paused sender is resumed with health 50 and no failure streak; an unpaused one is left alone")
    func resumes() throws {
        let directory = try TemporaryDirectory()
        try directory.write("senders.yaml", "kind: Sender\nname: sales-1\nphone: \"+15550100001\"\n")
        #expect(try Engine.run(["senders", "resume", "sales-1", "."], in: directory.url).status == 1, "no state yet")
        #expect(try Engine.run(["apply", "--auto-approve", "."], in: directory.url).status == 0)
        let path = directory.url.appendingPathComponent(".engine/state.db").path
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql:
                    "UPDATE sender_status SET paused_reason = '10 failures in a row', paused_at = '2026-01-05 10:00:00.000', health = 20, consecutive_failures = 10"
            )
        }

        let resumed = try Engine.run(["senders", "resume", "sales-1", "."], in: directory.url)
        #expect(resumed.status == 0, "\(resumed.errorOutput)")
        #expect(resumed.output == "sales-1 resumed (it was paused: 10 failures in a row)\n")
        let status = try SQLiteStore(path: path).senderStatuses()["sales-1"]
        #expect(status?.pausedReason == nil && status?.health == 50 && status?.consecutiveFailures == 0)

        let again = try Engine.run(["senders", "resume", "sales-1", "."], in: directory.url)
        #expect(again.output == "sales-1 is not paused; nothing to do\n")
        let unknown = try Engine.run(["senders", "resume", "sales1", "."], in: directory.url)
        #expect(unknown.status == 1 && unknown.errorOutput.contains("did you mean 'sales-1'?"))
    }
}
