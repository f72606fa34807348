import Foundation
import Manifest
import Runtime
import Server
import Store
import Testing
import Transports

@testable import engine

/// The API's data source in `engine run`, over a real configuration and SQLite store.
@Suite("DaemonAPI")
struct DaemonAPITests {
    let directory: TemporaryDirectory
    let configuration: Configuration
    let store: SQLiteStore

    init() throws {
        directory = try TemporaryDirectory()
        try directory.write(
            "engine.yaml",
            """
            kind: Settings
            name: default
            defaultCountryCode: "1"
            apiToken: ${env:ENGINE_TEST_API_TOKEN}
            ---
            kind: Sender
            name: sales-1
            phone: "+15550100001"
            quota: { perMinute: 10, perHour: 100, perDay: 1000 }
            ---
            kind: Sender
            name: off
            phone: "+15550100002"
            enabled: false
            ---
            kind: Sender
            name: wa
            transport: gateway
            phone: "+15550100003"
            baseURL: http://127.0.0.1:9
            session: wa
            ---
            kind: Campaign
            name: spring
            state: running
            senders: [sales-1]
            message: "Hi <<contact.name>>"
            contacts: [{ phone: "+15550109101", name: Ann }, { phone: "+15550109102", name: Bo }]
            """)
        let report = try Validator.compilingFlows(directory: directory.url.path).validate()
        #expect(report.isValid(), "\(report.diagnostics)")
        configuration = report.configuration
        store = try SQLiteStore.inMemory()
    }

    func api(sessions: [String: FakeSession] = [:]) -> DaemonAPI {
        DaemonAPI(configuration: { [configuration] in configuration }, store: store, pairingSession: { sessions[$0] })
    }

    func request(_ to: String, text: String = "Hi", sender: String? = nil, key: String? = nil, prefix: String = "") -> SendRequest {
        SendRequest(sender: sender, to: to, content: .text(text), idempotencyKey: key, fieldPrefix: prefix)
    }

    @Test("a send is queued as a manual 'api' message through the outbox, once per idempotency key")
    func sendQueuesOnce() async throws {
        let api = api()
        let first = try await api.send([request("555 010 9001", key: "order-42")])
        #expect(first == [SendResult(outcome: .queued, id: 1, to: "+15550109001")])
        let again = try await api.send([request("+15550109001", text: "other", key: "order-42")])
        #expect(again == [SendResult(outcome: .duplicate, id: 1, to: "+15550109001")])
        let row = try #require(try store.outboxRecord(id: 1))
        #expect(row.dedupeKey == "manual:key:order-42")
        #expect(row.origin == OutboxOrigin(kind: .manual, name: "api"))
        let page = try await api.messages(MessageQuery(recipient: "555 010 9001", originKind: "manual"))
        #expect(page.messages.map(\.id) == [1])
        #expect(page.messages.first?.content == ["text": "Hi"])
    }

    @Test("opted-out contacts are skipped; without a key every send is a new message")
    func optedOutAndUnkeyed() async throws {
        try store.setSuppressed(true, phone: "+15550109002", reason: "STOP", confirmation: nil)
        let results = try await api().send([request("+15550109001"), request("+15550109001"), request("+15550109002")])
        #expect(results.map(\.outcome) == [.queued, .queued, .optedOut])
    }

    @Test(
        "an unknown or disabled sender, or a number that is none, is a 400 naming the field, and nothing is queued",
        arguments: [("nope", "+15550109001", "[1].sender"), ("off", "+15550109001", "[1].sender"), (nil, "call me", "[1].to")]
            as [(String?, String, String)]
    )
    func refusals(_ sender: String?, _ to: String, _ field: String) async throws {
        let error = await #expect(throws: APIError.self) {
            try await api().send([request("+15550109001"), request(to, sender: sender, prefix: "[1]")])
        }
        #expect(error?.status == 400)
        #expect(error?.field == field)
        #expect(try store.outboxPage(OutboxQuery()).records.isEmpty)
    }

    @Test("senders list every configured sender with its quota; stats count its messages and windows")
    func senders() async throws {
        var change = StateChange()
        change.createdSenders = ["sales-1", "off", "wa"]
        try store.apply(change)
        let api = api()
        #expect(try await api.senders().map(\.name) == ["off", "sales-1", "wa"])
        #expect(try await api.sender(named: "sales-1")?.quota == SenderResource.Quota(perMinute: 10, perHour: 100, perDay: 1000))
        #expect(try await api.sender(named: "nope") == nil)
        _ = try await api.send([request("+15550109001")])
        _ = try store.claim(OutboxClaim(id: 1, sender: "sales-1", countedAt: Date(), at: Date()))
        let stats = try #require(try await api.senderStats(named: "sales-1"))
        #expect(stats.messages["sending"] == 1)
        #expect(stats.messages.count == OutboxState.allCases.count)
        #expect(stats.quota.map(\.window) == ["minute", "hour", "day"])
        #expect(stats.quota.first == QuotaWindowUse(window: "minute", used: 1, limit: 10))
    }

    @Test("a gateway sender waiting for its scan gives its QR value; other senders say why they have none")
    func pairing() async throws {
        let api = api(sessions: ["wa": FakeSession(start: .connecting, polls: [.pairingRequired(qrCode: "2@xyz"), .connected(detail: nil)])])
        #expect(await api.pairingCode(sender: "wa") == .pending("2@xyz"))
        #expect(await api.pairingCode(sender: "wa") == .notPending(reason: "it is connected already"))
        guard case .notPending(let reason) = await api.pairingCode(sender: "sales-1") else { Issue.record("expected no code"); return }
        #expect(reason.contains("simulator transport"))
        #expect(await api.pairingCode(sender: "nope") == .unknownSender)
    }

    @Test("campaign stats count contacts and messages with every status present")
    func campaignStats() async throws {
        var change = StateChange()
        change.campaignStates = [CampaignRecord(name: "spring", state: .running, messageHash: "h")]
        change.contactLists = [
            ContactListSync(
                campaign: "spring", contacts: [CampaignContact(phone: "+15550109101"), CampaignContact(phone: "+15550109102")], status: .queued,
                cancelsMissing: false)
        ]
        try store.apply(change)
        let api = api()
        let stats = try #require(try await api.campaignStats(named: "spring"))
        #expect(stats.total == 2 && stats.done == 0 && stats.contacts["queued"] == 2 && stats.contacts.count == ContactStatus.allCases.count)
        #expect(stats.state == "running")
        #expect(stats.estimatedCompletion != nil)
        #expect(try await api.campaigns().first?.contacts == 2)
        #expect(try await api.campaignStats(named: "nope") == nil)

        // A failed message shows with its code and reason.
        let queued = try store.enqueue([
            NewOutboxMessage(
                dedupeKey: "campaign/spring/+15550109101", recipient: "+15550109101", origin: OutboxOrigin(kind: .campaign, name: "spring"),
                message: OutboxPayload(text: "Hi"))
        ])
        let id = try #require(queued.first?.id)
        _ = try store.claim(OutboxClaim(id: id, sender: "support", countedAt: Date(), at: Date()))
        try store.settle(
            OutboxSettlement(
                id: id, result: .failed(OutboxError(code: "131026", reason: "the number is not on WhatsApp")), senderStatus: nil, events: [],
                at: Date()))
        let failed = try #require(try await api.campaignStats(named: "spring"))
        #expect(failed.failures == [.init(code: "131026", count: 1, reason: "the number is not on WhatsApp")])
    }

    @Test("status reads the store's revisions; diagnostics name files relative to the configuration")
    func status() async throws {
        try store.record(RevisionRecord(revision: "abc", command: "run", outcome: .applied, at: Date(timeIntervalSince1970: 1), summary: "ok"))
        try store.record(RevisionRecord(revision: "def", command: "run", outcome: .failed, at: Date(timeIntervalSince1970: 2), summary: "bad"))
        let status = try await api().revisionStatus()
        #expect(status.appliedRevision == "abc" && status.attemptedRevision == "def" && status.outcome == "failed")
        let diagnostic = Diagnostic.error(
            "flow.unknown-node", "no node", at: SourceLocation(file: directory.url.path + "/flows/a.yaml", line: 3, column: 5))
        #expect(ConfigDiagnostic(diagnostic, directory: directory.url.path).file == "flows/a.yaml")
    }

    @Test("the token comes from ENGINE_API_TOKEN first, then Settings' apiToken; an unresolvable reference is an error")
    func token() throws {
        let settings = configuration.settings
        let fromEnvironment = try #require(
            try APIToken.configured(
                settings: settings, directory: directory.url.path, environment: ["ENGINE_API_TOKEN": "a", "ENGINE_TEST_API_TOKEN": "b"]))
        #expect(fromEnvironment.matches("a"))
        let fromSettings = try #require(
            try APIToken.configured(settings: settings, directory: directory.url.path, environment: ["ENGINE_TEST_API_TOKEN": "b"]))
        #expect(fromSettings.matches("b"))
        #expect(throws: DaemonError.self) { try APIToken.configured(settings: settings, directory: directory.url.path, environment: [:]) }
        #expect(try APIToken.configured(settings: .defaults, directory: directory.url.path, environment: [:]) == nil)
    }

    @Test("loopback hosts are the ones a tokenless API may listen on")
    func loopback() {
        for host in ["127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]"] { #expect(RunCommand.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "192.168.1.2", "::", "example.com"] { #expect(!RunCommand.isLoopback(host), "\(host)") }
    }
}
