import Foundation
import Manifest
import Runtime
import Scheduler
import Store
import Testing

@Suite("OutboxRoutes")
struct OutboxRoutesTests {
    /// Two senders, a campaign, a broadcast list, a flow on one sender and an auto-reply on all.
    static let files = [
        "senders.yaml": """
        kind: Settings
        name: default
        timezone: Europe/Berlin
        ---
        kind: Sender
        name: a
        phone: "+15550100001"
        ---
        kind: Sender
        name: b
        phone: "+15550100002"
        """,
        "campaign.yaml": """
        kind: Campaign
        name: spring
        state: running
        senders: [a, b]
        message: "Hello"
        contacts: [{ phone: "+15550100171" }]
        pacing: { minDelay: 3s, maxDelay: 8s, typing: true }
        resendUnknown: true
        ---
        kind: Campaign
        name: draft
        senders: [a]
        message: "Later"
        contacts: [{ phone: "+15550100172" }]
        """,
        "broadcast.yaml": """
        kind: BroadcastList
        name: news
        sender: b
        members: [{ phone: "+15550100173" }]
        sends: [{ id: first, message: "News" }]
        """,
        "flow.yaml": FlowDocuments.survey + "\nsenders: [b]\n",
        "away.yaml": """
        kind: AutoReply
        name: away
        message: "Back soon"
        """,
    ]

    /// The configuration of ``files``, validated.
    static func configuration(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Configuration {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("routes-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, contents) in files {
            try contents.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let report = try Validator(directory: directory.path, currentDirectory: directory.path).validate()
        let errors = report.diagnostics.filter(\.isError).map { "\($0.code) \($0.summary)" }
        try #require(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        return report.configuration
    }

    @Test("a configuration's resources become routes: campaigns paced on their senders, replies on theirs")
    func fromConfiguration() throws {
        let routes = OutboxRoutes(try Self.configuration(), sendingCampaigns: ["spring"])

        #expect(routes.campaigns.keys.sorted() == ["spring"], "only sending campaigns")
        let campaign = try #require(routes.campaigns["spring"])
        #expect(campaign.traffic == Candidate.Traffic.business(campaign: "spring", pacing: PacingRule(minDelay: .seconds(3), maxDelay: .seconds(8))))
        #expect(campaign.allowedSenders == ["a", "b"])
        #expect(campaign.resendsUnknown)
        #expect(campaign.schedule?.timeZone.identifier == "Europe/Berlin")
        #expect(routes.broadcasts["news"]?.allowedSenders == ["b"])
        #expect(routes.broadcasts["news"]?.isConversation == false)
        #expect(routes.flows["survey"] == OutboxRoute(traffic: .conversation, allowedSenders: ["b"]))
        #expect(routes.autoReplies["away"] == OutboxRoute(traffic: .conversation, allowedSenders: ["a", "b"]))
        #expect(routes.manual?.allowedSenders == ["a", "b"])
        #expect(OutboxRoutes(try Self.configuration()).campaigns.keys.sorted() == ["draft", "spring"])
    }

    @Test("a reply keeps its conversation's sender; a business message without a route has none")
    func lookups() throws {
        let routes = OutboxRoutes(try Self.configuration(), sendingCampaigns: [])

        #expect(routes.route(for: OutboxOrigin(kind: .flow, name: "survey"), sender: "a")?.allowedSenders == ["a", "b"])
        #expect(routes.route(for: OutboxOrigin(kind: .flow, name: "removed"), sender: "b")?.allowedSenders == ["b"])
        #expect(routes.route(for: OutboxOrigin(kind: .flow, name: "removed"), sender: nil) as OutboxRoute? == nil)
        #expect(routes.route(for: OutboxOrigin(kind: .campaign, name: "spring"), sender: nil) as OutboxRoute? == nil)
        #expect(!routes.resendsUnknown(OutboxOrigin(kind: .campaign, name: "spring")))
    }

    @Test("a manual send keeps the sender it names; a burst row is business traffic without pacing, a burst reply stays a reply")
    func manualAndBurst() throws {
        let routes = OutboxRoutes(try Self.configuration())
        let manual = OutboxOrigin(kind: .manual, name: "engine send")
        #expect(routes.route(for: manual, sender: "b")?.allowedSenders == ["b"])
        #expect(routes.route(for: manual, sender: nil)?.allowedSenders == ["a", "b"])

        func record(_ origin: OutboxOrigin, sender: String?, burst: Bool) -> OutboxRecord {
            OutboxRecord(
                id: 1, dedupeKey: "k", sender: sender, recipient: "+15550100171", origin: origin, payload: Data(), state: .queued, attempts: 0,
                notBefore: Date(), createdAt: Date(), updatedAt: Date(), isBurst: burst)
        }
        #expect(routes.route(for: record(manual, sender: "a", burst: true))?.traffic == .burst)
        #expect(routes.route(for: record(manual, sender: "a", burst: false))?.traffic == routes.manual?.traffic)
        let reply = routes.route(for: record(OutboxOrigin(kind: .flow, name: "survey"), sender: "b", burst: true))
        #expect(reply?.traffic == .conversation)
    }
}
