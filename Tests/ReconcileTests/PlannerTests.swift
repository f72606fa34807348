import Foundation
import Manifest
import Reconcile
import Store
import Testing

@Suite("Plan and apply")
struct PlannerTests {
    func standardHarness() throws -> ReconcileHarness {
        let harness = try ReconcileHarness()
        try harness.write("senders.yaml", ReconcileHarness.senders)
        try harness.write("campaigns/black-friday.yaml", ReconcileHarness.campaign)
        try harness.write("contacts/black-friday.csv", ReconcileHarness.contacts(1...40))
        try harness.write("flows/support.yaml", ReconcileHarness.flow)
        try harness.write("broadcasts/vip.yaml", ReconcileHarness.broadcast)
        return harness
    }

    @Test("a first plan creates everything and starts the running campaign (golden text and JSON)")
    func createEverything() throws {
        let harness = try standardHarness()
        let (plan, _, _) = try harness.plan()
        #expect(plan.changes.count == 7)
        #expect(plan.changes.allSatisfy { $0.action == .create })
        #expect(plan.transitions.map(\.action) == [.start, .send])
        #expect(plan.summaryLine == "Plan: 7 to create, 0 to update, 0 to delete, 2 transitions.")
        try harness.expectGolden(plan.renderedText(), "create.txt")
        try harness.expectGolden(String(decoding: plan.jsonDocument(), as: UTF8.self) + "\n", "create.json")
    }

    @Test("apply is idempotent: a second plan right after shows no changes")
    func idempotent() throws {
        let harness = try standardHarness()
        try harness.apply()
        let (second, _, _) = try harness.plan()
        #expect(!second.hasChanges, "\(second.renderedText())")
        #expect(second.renderedText() == "No changes. The live state matches the files (revision test-revision).\n")
        let progress = try harness.store.campaignProgress()
        #expect(progress["black-friday"]?[.queued] == 40)
        #expect(try harness.store.snapshot().campaigns["black-friday"]?.state == .running)
    }

    @Test("field-level updates, contact changes and the unsent messages a new text affects (golden)")
    func updates() throws {
        let harness = try standardHarness()
        try harness.apply()
        try harness.write(
            "senders.yaml",
            ReconcileHarness.senders.replacingOccurrences(
                of: "quota: { perMinute: 10, perHour: 300, perDay: 2000 }", with: "quota: { perMinute: 12, perHour: 300, perDay: 2000 }"))
        try harness.write("campaigns/black-friday.yaml", ReconcileHarness.campaign.replacingOccurrences(of: "20% off", with: "25% off"))
        try harness.write("contacts/black-friday.csv", ReconcileHarness.contacts(11...45))
        let (plan, _, _) = try harness.plan()
        let campaign = try #require(plan.changes.first { $0.name == "black-friday" })
        #expect(campaign.action == .update)
        #expect(campaign.contacts == ContactDelta(total: 35, added: 5, removed: 10, alreadySent: 0, changed: 0))
        #expect(campaign.affectedUnsent == 40)
        let sender = try #require(plan.changes.first { $0.name == "sales-2" })
        #expect(sender.fields == [FieldChange(path: "quota.perMinute", before: "\"10\"", after: "\"12\"", isSensitive: false)])
        try harness.expectGolden(plan.renderedText(), "update.txt")
        try harness.expectGolden(String(decoding: plan.jsonDocument(), as: UTF8.self) + "\n", "update.json")

        try harness.apply()
        let contacts = try harness.store.campaignContacts("black-friday")
        #expect(contacts.count == 45)
        #expect(contacts.values.count { $0 == .cancelled } == 10)
        #expect(contacts.values.count { $0 == .queued } == 35)
        #expect(!(try harness.plan().0.hasChanges))
    }

    @Test("a changed secret shows as changed without its value; an unresolvable one is an error with a position")
    func secrets() throws {
        let harness = try standardHarness()
        try harness.apply()
        harness.environment["WA_TOKEN"] = "token-2"
        let (plan, _, _) = try harness.plan()
        let meta = try #require(plan.changes.first { $0.name == "meta" })
        #expect(meta.fields == [FieldChange(path: "accessToken", before: "(sensitive)", after: "(sensitive)", isSensitive: true)])
        #expect(!plan.renderedText().contains("token-"))
        #expect(plan.renderedText().contains("~ accessToken: (sensitive) -> (sensitive) (value changed)"))
        try harness.expectGolden(plan.renderedText(), "secret.txt")
        try harness.expectGolden(String(decoding: plan.jsonDocument(), as: UTF8.self) + "\n", "secret.json")

        harness.environment["WA_TOKEN"] = nil
        let report = try harness.validate()
        let (_, problems) = harness.planner(report).desiredResources()
        #expect(problems.map(\.code) == [.unresolvedSecret])
        #expect(problems.first?.location.description == "senders.yaml:20:14")
    }

    @Test("pausing and resuming are transitions; a broadcast entry is sent once")
    func transitions() throws {
        let harness = try standardHarness()
        try harness.apply()
        try harness.write("campaigns/black-friday.yaml", ReconcileHarness.campaign.replacingOccurrences(of: "state: running", with: "state: paused"))
        try harness.write("broadcasts/vip.yaml", ReconcileHarness.broadcast + "  - { id: second, message: \"Again!\" }\n")
        let (paused, _, _) = try harness.plan()
        #expect(paused.transitions.map(\.action) == [.pause, .send])
        #expect(paused.transitions.last?.detail == "second")
        try harness.apply()
        #expect(try harness.store.snapshot().campaigns["black-friday"]?.state == .paused)
        #expect(try harness.store.snapshot().broadcastSends["vip"] == ["launch", "second"])

        try harness.write("campaigns/black-friday.yaml", ReconcileHarness.campaign)
        let (resumed, _, _) = try harness.plan()
        #expect(resumed.transitions.map(\.action) == [.resume])
        try harness.expectGolden(resumed.renderedText(), "resume.txt")
        try harness.expectGolden(String(decoding: resumed.jsonDocument(), as: UTF8.self) + "\n", "resume.json")
    }

    @Test("a removed running campaign is stopped and deleted, its history kept; protected resources stay (golden)")
    func prune() throws {
        let harness = try standardHarness()
        try harness.write(
            "flows/support.yaml", ReconcileHarness.flow.replacingOccurrences(of: "name: support", with: "name: support\nprotected: true"))
        try harness.apply()
        try harness.remove("campaigns/black-friday.yaml")
        try harness.remove("flows/support.yaml")
        let (plan, _, _) = try harness.plan()
        #expect(plan.changes.map { "\($0.action) \($0.key)" } == ["delete Campaign/black-friday"])
        #expect(plan.transitions.map(\.action) == [.stop])
        #expect(plan.warnings == ["Flow/support is protected and stays although it is gone from the files"])
        try harness.expectGolden(plan.renderedText(), "prune.txt")
        try harness.expectGolden(String(decoding: plan.jsonDocument(), as: UTF8.self) + "\n", "prune.json")
        try harness.apply()
        #expect(try harness.store.snapshot().campaigns["black-friday"]?.state == .cancelled)
        #expect(try harness.store.campaignProgress()["black-friday"]?[.cancelled] == 40)
    }

    @Test("an empty configuration deletes nothing unless allowed")
    func emptyDeletesNothing() throws {
        let harness = try standardHarness()
        try harness.apply()
        for file in ["senders.yaml", "campaigns/black-friday.yaml", "flows/support.yaml", "broadcasts/vip.yaml"] { try harness.remove(file) }
        let (plan, _, _) = try harness.plan()
        #expect(plan.changes.isEmpty)
        #expect(plan.warnings.first?.hasPrefix("the configuration declares no resources") == true)
        let (allowed, _, _) = try harness.plan(allowsEmpty: true)
        #expect(allowed.changes.count == 7)
    }

    @Test("a plan made before another apply is refused as stale, and nothing is written")
    func stalePlan() throws {
        let harness = try standardHarness()
        let (plan, desired, report) = try harness.plan()
        try harness.apply()
        let serial = try harness.store.snapshot().serial
        let outcome = Applier(report: report, store: harness.store, now: harness.now).apply(plan, desired: desired)
        #expect(outcome.failure?.error.code == .staleState)
        #expect(outcome.applied.isEmpty)
        #expect(try harness.store.snapshot().serial == serial)
    }

    @Test("a scheduled start in the future is a schedule transition with an estimate inside the window")
    func scheduledStart() throws {
        let harness = try standardHarness()
        try harness.write(
            "campaigns/black-friday.yaml",
            ReconcileHarness.campaign.replacingOccurrences(
                of: "schedule: { window:", with: "schedule: { start: \"2026-11-30T09:00:00-05:00\", window:"))
        let (plan, _, _) = try harness.plan()
        let schedule = try #require(plan.transitions.first { $0.kind == "Campaign" })
        #expect(schedule.action == .schedule)
        // Monday 09:00 New York is 14:00Z; 40 messages at 2-5 s pacing over two senders take minutes.
        let eta = try #require(schedule.estimatedCompletion)
        #expect(eta > Date(timeIntervalSince1970: 1_796_047_200))
        #expect(eta < Date(timeIntervalSince1970: 1_796_047_200 + 3600))
    }
}
