import Foundation
import Store
import TestSupport
import Testing
import Transports

@testable import engine

/// Which history lines become mailed alerts, and one mailed end to end.
@Suite("Alert watcher", .timeLimit(.minutes(1)))
struct AlertWatcherTests {
    static let at = Date(timeIntervalSince1970: 1_750_000_000)

    static func event(_ kind: String, _ resource: String?, _ message: String) -> StoredEvent {
        StoredEvent(id: 1, at: at, kind: kind, resource: resource, message: message)
    }

    static func stats(_ name: String) -> CampaignStats? {
        CampaignStats(campaign: name, contacts: 10, sent: 7, delivered: 5, read: 2, failed: 3)
    }

    @Test("a sender the engine paused is an alert; one a person paused is not")
    func senderPaused() throws {
        let automatic = Self.event(
            "sender.paused", "Sender/sales", "paused (consecutive-failures): 10 failures in a row until a person resumes it")
        #expect(
            try AlertWatcher.alert(for: automatic, stats: Self.stats)
                == .senderPaused(sender: "sales", reason: "paused (consecutive-failures): 10 failures in a row until a person resumes it"))
        #expect(try AlertWatcher.alert(for: Self.event("sender.paused", "Sender/sales", "paused (manual): by hand"), stats: Self.stats) == nil)
        #expect(try AlertWatcher.alert(for: Self.event("sender.paused", nil, "paused (low-health): 40"), stats: Self.stats) == nil)
    }

    @Test("a completed or failed campaign is an alert with its counts; other history is not")
    func campaigns() throws {
        let counts = Alert.CampaignCounts(contacts: 10, sent: 7, delivered: 5, read: 2, failed: 3)
        #expect(
            try AlertWatcher.alert(for: Self.event("campaign.completed", "Campaign/spring", "every contact reached"), stats: Self.stats)
                == .campaignFinished(campaign: "spring", outcome: .completed, counts: counts))
        #expect(
            try AlertWatcher.alert(for: Self.event("campaign.failed", "Campaign/spring", "no sender can send"), stats: Self.stats)
                == .campaignFinished(campaign: "spring", outcome: .failed(reason: "no sender can send"), counts: counts))
        #expect(try AlertWatcher.alert(for: Self.event("sender.resumed", "Sender/sales", "resumed by a person"), stats: Self.stats) == nil)
        #expect(try AlertWatcher.alert(for: Self.event("campaign.running", "Campaign/spring", "started"), stats: Self.stats) == nil)
    }

    @Test("engine run mails the operators when a campaign completes")
    func campaignCompletedIsMailed() async throws {
        let directory = try TemporaryDirectory()
        let mail = try SMTPSink()
        defer { mail.stop() }
        try directory.write("contacts/all.csv", "phone,name\n+15550100101,Ada\n+15550100102,Bo\n")
        try directory.write(
            "config.yaml",
            """
            kind: Settings
            name: default
            notifications: { email: ops@example.com, smtp: { url: "\(mail.url.absoluteString)", from: engine@example.com } }
            ---
            kind: Sender
            name: s1
            phone: "+15550100001"
            simulator: { latency: 1ms-2ms, seed: 7 }
            ---
            kind: Campaign
            name: all
            state: running
            senders: [s1]
            message: "Hi <<contact.name>>"
            pacing: { minDelay: 0s, maxDelay: 0s, typing: false }
            contacts: contacts/all.csv
            """)
        let engine = try RunningEngine(in: directory.url)
        try await waitUntil("the completion is mailed") { mail.deliveries.contains { Self.text($0.message).contains("Campaign all completed") } }
        let message = Self.text(try #require(mail.deliveries.first { Self.text($0.message).contains("Campaign all completed") }).message)
        #expect(message.contains("[engine] Campaign all completed: 2 of 2 sent, 0 failed"), "\(message)")
        #expect(mail.deliveries.allSatisfy { $0.recipients == ["ops@example.com"] })
        let (status, log) = engine.stop()
        #expect(status == 0, "\(log)")
        #expect(log.contains("alert mailed: [engine] Campaign all completed"), "\(log)")
    }

    private static func text(_ data: [UInt8]) -> String {
        String(decoding: data, as: UTF8.self)
    }
}
