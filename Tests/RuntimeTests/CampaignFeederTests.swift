import Foundation
import Manifest
import Reconcile
import Store
import Testing

import class GRDB.DatabaseQueue

@testable import Runtime

@Suite("Campaign feeder")
struct CampaignFeederTests {
    /// Applies a configuration with campaign `promo` (CSV contacts) and returns its parts.
    func applied(schedule: String = "", sender: String = "") throws -> (Configuration, SQLiteStore, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feeder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("contacts"), withIntermediateDirectories: true)
        try "phone,name,order\n+15550109101,Ann,A-1\n+15550109102,,B-2\n".write(
            to: directory.appendingPathComponent("contacts/promo.csv"), atomically: true, encoding: .utf8)
        try """
        kind: Sender
        name: s
        phone: "+15550100001"
        \(sender)
        ---
        kind: Campaign
        name: promo
        state: running
        senders: [s]
        message: "Hi <<contact.name | default: \\"there\\">>, order <<contact.order>> ships today."
        contacts: contacts/promo.csv
        \(schedule)
        """.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let report = try Validator(directory: directory.path).validate()
        #expect(report.isValid(), "\(report.diagnostics.map(\.summary))")
        let store = try SQLiteStore(path: directory.appendingPathComponent("state.db").path)
        let planner = Planner(report: report, store: store, resolver: SecretResolver(directory: directory.path), now: Date())
        let (desired, _) = planner.desiredResources()
        let plan = try planner.plan(desired: desired, revision: "test", contentHash: planner.contentHash())
        #expect(Applier(report: report, store: store, now: Date()).apply(plan, desired: desired).failure == nil)
        return (report.configuration, store, directory)
    }

    @Test("each contact is queued once, rendered with its columns")
    func queuesOnce() throws {
        let (configuration, store, directory) = try applied()
        defer { try? FileManager.default.removeItem(at: directory) }
        let feeder = CampaignFeeder(configuration: configuration, store: store)
        #expect(try feeder.tick(now: Date()) == 2)
        #expect(try feeder.tick(now: Date()) == 0)
        #expect(try store.outboxEntries(to: "+15550109101", after: 0).map(\.payload) == [#"{"text":"Hi Ann, order A-1 ships today."}"#])
        #expect(try store.outboxEntries(to: "+15550109102", after: 0).map(\.payload) == [#"{"text":"Hi there, order B-2 ships today."}"#])
        #expect(try store.campaignContacts("promo") == ["+15550109101": .queued, "+15550109102": .queued])
    }

    @Test("the outbox is topped up to the batch size, never flooded: a tick adds only what was taken out")
    func toppedUp() throws {
        let (configuration, store, directory) = try applied()
        defer { try? FileManager.default.removeItem(at: directory) }
        var feeder = CampaignFeeder(configuration: configuration, store: store)
        feeder.batchSize = 1
        #expect(try feeder.tick(now: Date()) == 1)
        #expect(try feeder.tick(now: Date()) == 0)
        #expect(try store.queuedCount(kind: .campaign, name: "promo", limit: 10) == 1)
        // The dispatcher takes the queued one: the next tick queues the other contact.
        let first = try #require(try store.outboxEntries(to: "+15550109101", after: 0).first)
        _ = try store.claim(OutboxClaim(id: first.id, sender: "s", countedAt: Date(), at: Date()))
        #expect(try feeder.tick(now: Date()) == 1)
        #expect(try store.queuedCount(kind: .campaign, name: "promo", limit: 10) == 1)
        #expect(try feeder.tick(now: Date(), shouldStop: { true }) == 0)
    }

    @Test("a scheduled campaign starts when its start time comes, not before")
    func scheduled() throws {
        let (configuration, store, directory) = try applied(schedule: #"schedule: { start: "2099-01-01T09:00:00Z" }"#)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try store.snapshot().campaigns["promo"]?.state == .scheduled)
        let feeder = CampaignFeeder(configuration: configuration, store: store)
        #expect(try feeder.tick(now: Date()) == 0)
        #expect(try feeder.tick(now: Date(timeIntervalSince1970: 4_070_941_200)) == 2)
        #expect(try store.snapshot().campaigns["promo"]?.state == .running)
    }

    /// Pauses sender `s` in the store, until a person resumes it or on probation.
    func pause(_ store: SQLiteStore, until resumesAt: Date? = nil) throws {
        let pause = SenderDispatchStatus.Pause(cause: "sender-failure", reason: "190: token expired", since: Date(), resumesAt: resumesAt)
        try store.saveSenderStatus(SenderDispatchStatus(name: "s", pause: pause), events: [])
    }

    @Test("a running campaign whose every sender awaits a person fails, naming why, and runs again once one is resumed")
    func failsAndRecovers() throws {
        let (configuration, store, directory) = try applied()
        defer { try? FileManager.default.removeItem(at: directory) }
        let feeder = CampaignFeeder(configuration: configuration, store: store)
        try pause(store)

        #expect(try feeder.tick(now: Date()) == 0)
        let failed = try #require(try store.snapshot().campaigns["promo"])
        #expect(failed.state == .failed)
        #expect(
            failed.stateReason
                == "no sender can send: 's' is paused until a person resumes it (190: token expired; `engine senders resume s`)")
        #expect(try store.campaignContacts("promo").values.allSatisfy { $0 == .queued }, "nothing is lost")
        #expect(try feeder.tick(now: Date()) == 0, "a failed campaign queues nothing")

        try store.resumeSender("s")
        #expect(try feeder.tick(now: Date()) == 2)
        let running = try #require(try store.snapshot().campaigns["promo"])
        #expect(running.state == .running && running.finishedAt == nil)
        #expect(running.stateReason == "a sender can send again ('s')")
    }

    @Test("a sender paused on probation does not fail the campaign: it comes back by itself")
    func probationIsNotFailure() throws {
        let (configuration, store, directory) = try applied()
        defer { try? FileManager.default.removeItem(at: directory) }
        try pause(store, until: Date().addingTimeInterval(600))
        #expect(try CampaignFeeder(configuration: configuration, store: store).tick(now: Date()) == 2)
        #expect(try store.snapshot().campaigns["promo"]?.state == .running)
    }

    @Test("a campaign whose only sender is disabled in the files fails")
    func disabledSender() throws {
        let (configuration, store, directory) = try applied(sender: "enabled: false")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CampaignFeeder(configuration: configuration, store: store).tick(now: Date()) == 0)
        let record = try #require(try store.snapshot().campaigns["promo"])
        #expect(record.state == .failed)
        #expect(record.stateReason == "no sender can send: 's' is disabled in the files")
    }

    @Test("a campaign whose every contact has an outcome completes even when its senders await a person")
    func completesRatherThanFails() throws {
        let (configuration, store, directory) = try applied()
        defer { try? FileManager.default.removeItem(at: directory) }
        let feeder = CampaignFeeder(configuration: configuration, store: store)
        #expect(try feeder.tick(now: Date()) == 2)
        try DatabaseQueue(path: directory.appendingPathComponent("state.db").path).write { db in
            try db.execute(sql: "UPDATE campaign_contacts SET status = 'sent'")
        }
        try pause(store)
        #expect(try feeder.tick(now: Date()) == 0)
        #expect(try store.snapshot().campaigns["promo"]?.state == .completed)
    }
}

@Suite("Broadcast feeder")
struct BroadcastFeederTests {
    @Test("a started send goes to every member once, rendered for each, batch by batch")
    func batches() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("broadcast-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("contacts"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "phone,name,tier\n+15550109201,Ann,gold\n+15550109202,Bo,silver\n+15550109203,Cy,gold\n".write(
            to: directory.appendingPathComponent("contacts/vip.csv"), atomically: true, encoding: .utf8)
        try """
        kind: Sender
        name: s
        phone: "+15550100001"
        ---
        kind: BroadcastList
        name: vip
        sender: s
        members: contacts/vip.csv
        batch: { size: 2, pause: 30s }
        sends:
          - { id: early, message: "Hi <<contact.name>> (<<contact.tier>>)" }
          - { id: later, message: "not started" }
        """.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let report = try Validator(directory: directory.path).validate()
        #expect(report.isValid(), "\(report.diagnostics.map(\.summary))")
        let store = try SQLiteStore(path: directory.appendingPathComponent("state.db").path)
        var change = StateChange()
        change.startedBroadcastSends = [(list: "vip", sendID: "early")]
        try store.apply(change)

        var feeder = BroadcastFeeder(configuration: report.configuration, store: store)
        let now = Date(timeIntervalSince1970: 1_767_607_200)
        #expect(try feeder.tick(now: now) == 3)
        #expect(try feeder.tick(now: now) == 0)
        var again = BroadcastFeeder(configuration: report.configuration, store: store)
        #expect(try again.tick(now: now) == 0, "a restart queues nothing twice")
        let third = try #require(try store.outboxEntries(to: "+15550109203", after: 0).first)
        #expect(third.payload == #"{"text":"Hi Cy (gold)"}"#)
        #expect(third.notBefore == now.addingTimeInterval(30), "the second batch waits the pause")
        #expect(try store.outboxEntries(to: "+15550109201", after: 0).first?.notBefore == now)
        #expect(try store.outboxEntries(to: "+15550109201", after: 0).count == 1, "the send not started is not queued")
    }
}
