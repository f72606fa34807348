import Foundation
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
