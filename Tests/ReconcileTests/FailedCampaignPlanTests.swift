import Foundation
import Manifest
import Reconcile
import Store
import Testing

@Suite("Plan and apply: failed campaigns, the customer-service window, status stats")
struct FailedCampaignPlanTests {
    func harness(campaign: String = ReconcileHarness.campaign) throws -> ReconcileHarness {
        let harness = try ReconcileHarness()
        try harness.write("senders.yaml", ReconcileHarness.senders)
        try harness.write("campaigns/black-friday.yaml", campaign)
        try harness.write("contacts/black-friday.csv", ReconcileHarness.contacts(1...4))
        return harness
    }

    /// Pauses `sender` until a person resumes it.
    func pause(_ sender: String, in harness: ReconcileHarness) throws {
        try harness.store.saveSenderStatus(
            SenderDispatchStatus(name: sender, pause: .init(cause: "manual", reason: "by hand", since: harness.now, resumesAt: nil)), events: [])
    }

    @Test("a failed campaign whose senders still cannot send stays failed, with a warning and no transition")
    func staysFailed() throws {
        let harness = try harness()
        try harness.apply()
        try pause("sales-1", in: harness)
        try pause("sales-2", in: harness)
        try harness.store.setCampaignState("black-friday", to: .failed, message: "no sender can send", from: [.running])

        let (plan, _, _) = try harness.plan()

        #expect(!plan.hasChanges)
        #expect(
            plan.warnings == [
                "Campaign/black-friday failed and stays failed: no sender can send: 'sales-1' is paused until a person resumes it "
                    + "(by hand; `engine senders resume sales-1`); 'sales-2' is paused until a person resumes it "
                    + "(by hand; `engine senders resume sales-2`); it runs again once one of its senders can send"
            ])
    }

    @Test("once a sender can send, plan resumes a failed campaign and apply runs it, its queued contacts kept")
    func resumes() throws {
        let harness = try harness()
        try harness.apply()
        try pause("sales-1", in: harness)
        try pause("sales-2", in: harness)
        try harness.store.setCampaignState("black-friday", to: .failed, message: "no sender can send", from: [.running])
        try harness.store.resumeSender("sales-2")

        let plan = try harness.apply()

        let transition = try #require(plan.transitions.first)
        #expect(transition.action == .resume)
        #expect(transition.reason == "state: running in the files; it had failed (no sender can send) and a sender can send now")
        let record = try #require(try harness.store.snapshot().campaigns["black-friday"])
        #expect(record.state == .running && record.stateReason == nil && record.finishedAt == nil)
        #expect(try harness.store.campaignProgress()["black-friday"]?[.queued] == 4)
        #expect(!(try harness.plan().0.hasChanges))
    }

    @Test("a failed campaign the files pause or make a draft is paused")
    func pausesFailed() throws {
        let harness = try harness()
        try harness.apply()
        try harness.store.setCampaignState("black-friday", to: .failed, message: "no sender can send")
        try harness.write("campaigns/black-friday.yaml", ReconcileHarness.campaign.replacingOccurrences(of: "state: running", with: "state: paused"))

        let plan = try harness.apply()

        #expect(plan.transitions.map(\.action) == [.pause])
        #expect(plan.transitions.first?.reason == "state: paused in the files; the campaign had failed")
        #expect(try harness.store.snapshot().campaigns["black-friday"]?.state == .paused)
    }

    @Test("free-form content on a Cloud API sender is warned about; a template, and a finished campaign, are not")
    func serviceWindowWarnings() throws {
        let onMeta = ReconcileHarness.campaign.replacingOccurrences(of: "senders: [sales-1, sales-2]", with: "senders: [sales-1, meta]")
        let harness = try harness(campaign: onMeta)
        try harness.write(
            "broadcasts/vip.yaml",
            """
            kind: BroadcastList
            name: vip
            sender: meta
            members: [{ phone: "+15550300001", name: Ann }]
            sends:
              - { id: launch, message: "We launched, <<contact.name>>!" }
              - { id: promo, template: { name: promo_nov, language: en_US } }

            """)

        let (plan, _, _) = try harness.plan()

        let consequence =
            "WhatsApp delivers free-form messages only to contacts who wrote to that number in the last 24 hours; the others fail "
            + "(outbox.outside-service-window) without being sent. Use a `template` for business-initiated messages"
        #expect(
            plan.warnings == [
                "Campaign/black-friday sends free-form content (no template) from cloud-api sender 'meta': \(consequence)",
                "BroadcastList/vip sends free-form content (no template) in 'launch' from cloud-api sender 'meta': \(consequence)",
            ])
        #expect(plan.renderedText().contains("\nWarning: Campaign/black-friday sends free-form content (no template) from cloud-api sender 'meta'"))

        try harness.apply()
        try harness.store.setCampaignState("black-friday", to: .completed, message: "every contact has an outcome")
        try harness.write(
            "campaigns/black-friday.yaml",
            onMeta.replacingOccurrences(
                of: "message: \"Hi <<contact.name>>, 20% off in <<contact.city>> today.\"",
                with: "template: { name: promo_nov, language: en_US, parameters: [\"<<contact.name>>\"] }"))
        #expect(try harness.plan().0.warnings.isEmpty, "a template is fine, and the broadcast send already started")
    }

    @Test("status shows a failed campaign's reason and its stats by failure reason")
    func status() throws {
        let harness = try harness()
        try harness.apply()
        let ids = try harness.store.enqueue(
            (1...4).map { index in
                NewOutboxMessage(
                    dedupeKey: "campaign/black-friday/\(index)", recipient: "+1555020\(String(format: "%04d", index))",
                    origin: OutboxOrigin(kind: .campaign, name: "black-friday"), payload: Data(#"{"text":"Hi"}"#.utf8))
            }
        ).map(\.id)
        _ = try harness.store.claim(OutboxClaim(id: ids[0], sender: "sales-1", countedAt: harness.now, at: harness.now))
        try harness.store.settle(OutboxSettlement(id: ids[0], result: .sent(providerMessageID: "w1"), at: harness.now))
        try harness.store.failQueued(ids[1], error: OutboxError(code: "outbox.outside-service-window", reason: "window closed"), at: harness.now)
        try harness.store.setCampaignState("black-friday", to: .failed, message: "no sender can send: 'sales-1' is disabled in the files")
        let report = try harness.validate()

        let status = try StatusReport(configuration: report.configuration, contacts: report.contacts, store: harness.store, now: harness.now)

        let line = try #require(status.campaigns.first)
        #expect(line.stateReason == "no sender can send: 'sales-1' is disabled in the files")
        #expect(line.stats?.sent == 1 && line.stats?.failed == 1 && line.stats?.queued == 2)
        let text = status.renderedText()
        #expect(text.contains("  black-friday  failed (wants running)  4 contacts: 2 queued, 1 sent, 1 failed\n"), "\(text)")
        #expect(text.contains("    failed: no sender can send: 'sales-1' is disabled in the files\n"))
        #expect(text.contains("    2 queued, 1 sent, 0 delivered, 0 read, 1 failed, 0 opted out, 0 skipped\n"))
        #expect(text.contains("    failed by reason: outbox.outside-service-window 1 (window closed)\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: status.jsonDocument()) as? [String: Any])
        let campaign = try #require((json["campaigns"] as? [[String: Any]])?.first)
        let stats = try #require(campaign["stats"] as? [String: Any])
        #expect(stats["failed"] as? Int == 1)
        #expect((stats["failures"] as? [[String: Any]])?.first?["code"] as? String == "outbox.outside-service-window")
    }
}
