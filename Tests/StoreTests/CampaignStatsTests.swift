import Foundation
import GRDB
import Store
import Testing

@Suite("SQLiteStore campaign stats")
struct CampaignStatsTests {
    static let spring = OutboxOrigin(kind: .campaign, name: "spring")

    let directory: TemporaryDirectory
    let store: SQLiteStore

    init() throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(path: directory.path("state.db"), now: { .testNow })
    }

    /// Campaign `spring` running with `count` queued contacts, each enqueued.
    func runningCampaign(contacts count: Int) throws -> [Int64] {
        var change = StateChange()
        change.campaignStates = [CampaignRecord(name: "spring", state: .running, messageHash: "h")]
        change.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(count), status: .queued, cancelsMissing: false)]
        try store.apply(change)
        return try store.enqueue(
            makeContacts(count).map { contact in
                NewOutboxMessage(
                    dedupeKey: "campaign/spring/\(contact.phone)", recipient: contact.phone, origin: Self.spring,
                    payload: Data(#"{"text":"Hi"}"#.utf8))
            }
        ).map(\.id)
    }

    /// Claims a row and writes `result` as its outcome.
    func settle(_ id: Int64, _ result: OutboxSettlement.Result) throws {
        try #require(try store.claim(OutboxClaim(id: id, sender: "a", countedAt: .testNow, at: .testNow)) != nil)
        try store.settle(OutboxSettlement(id: id, result: result, at: .testNow))
    }

    @Test("stats count the funnel, failures by code (most frequent first), opt-outs and skips")
    func counts() throws {
        let ids = try runningCampaign(contacts: 10)
        for (index, id) in ids[0..<4].enumerated() { try settle(id, .sent(providerMessageID: "wamid.\(index)")) }
        _ = try store.applyDelivery(DeliveryUpdate(providerMessageID: "wamid.1", state: .delivered, at: .testNow))
        _ = try store.applyDelivery(DeliveryUpdate(providerMessageID: "wamid.2", state: .read, at: .testNow))
        try settle(ids[4], .failed(OutboxError(code: "131026", reason: "Message undeliverable")))
        try settle(ids[5], .failed(OutboxError(code: "131026", reason: "Message undeliverable")))
        try store.failQueued(ids[6], error: OutboxError(code: "outbox.outside-service-window", reason: "window closed"), at: .testNow)
        try store.setSuppressed(true, phone: "+15550000007", reason: "replied STOP", confirmation: nil)
        #expect(try store.claim(OutboxClaim(id: ids[7], sender: "a", countedAt: .testNow, at: .testNow)) == nil)
        try settle(ids[8], .unknown(OutboxError(code: "outbox.interrupted", reason: "cut off")))
        var removal = StateChange()
        removal.cancelledCampaigns = ["spring"]
        try store.apply(removal)

        let stats = try #require(try store.campaignStats(name: "spring"))

        #expect(stats.state == .running)
        #expect(stats.contacts == 10)
        #expect(stats.sent == 4 && stats.delivered == 2 && stats.read == 1)
        #expect(stats.failed == 3)
        #expect(
            stats.failures == [
                CampaignStats.Failure(code: "131026", count: 2, reason: "Message undeliverable"),
                CampaignStats.Failure(code: "outbox.outside-service-window", count: 1, reason: "window closed"),
            ])
        #expect(stats.optedOut == 1)
        #expect(stats.skipped == 1, "the last contact was cancelled with the campaign")
        #expect(stats.unknown == 1)
        #expect(stats.pending + stats.queued + stats.sending == 0)
        #expect(
            stats.pending + stats.queued + stats.sending + stats.sent + stats.failed + stats.optedOut + stats.skipped + stats.unknown
                == stats.contacts)
        #expect(try store.campaignStats() == ["spring": stats])
    }

    @Test("a campaign the store knows nothing of has no stats; one without contacts has zeros")
    func unknownCampaign() throws {
        #expect(try store.campaignStats(name: "nope") == nil)
        var change = StateChange()
        change.campaignStates = [CampaignRecord(name: "draft", state: .draft, messageHash: "h")]
        try store.apply(change)
        #expect(try store.campaignStats(name: "draft") == CampaignStats(campaign: "draft", state: .draft))
    }

    @Test("stats are Codable for the HTTP API")
    func codable() throws {
        let stats = CampaignStats(
            campaign: "spring", state: .failed, stateReason: "no sender can send", contacts: 3, queued: 1, sent: 1, failed: 1,
            failures: [CampaignStats.Failure(code: "131026", count: 1, reason: "undeliverable")])
        let decoded = try JSONDecoder().decode(CampaignStats.self, from: JSONEncoder().encode(stats))
        #expect(decoded == stats)
    }
}

@Suite("SQLiteStore campaign lifecycle")
struct CampaignLifecycleStoreTests {
    @Test("a move records its reason and an event; a final state's end is cleared when the campaign runs again")
    func failAndRecover() throws {
        let store = try makeStore()
        var change = StateChange()
        change.campaignStates = [CampaignRecord(name: "spring", state: .running, messageHash: "h")]
        try store.apply(change)

        #expect(try store.setCampaignState("spring", to: .failed, message: "no sender can send", from: [.running]))
        let failed = try #require(try store.snapshot().campaigns["spring"])
        #expect(failed.state == .failed && failed.stateReason == "no sender can send" && failed.finishedAt == .testNow)
        #expect(!(try store.setCampaignState("spring", to: .failed, message: "again")), "already failed: nothing written")

        #expect(try store.setCampaignState("spring", to: .running, message: "a sender can send again", from: [.failed]))
        let running = try #require(try store.snapshot().campaigns["spring"])
        #expect(running.state == .running && running.finishedAt == nil && running.stateReason == "a sender can send again")
    }

    @Test("a move from a state the campaign left since (a pause by apply) is not made")
    func guardedMove() throws {
        let store = try makeStore()
        var change = StateChange()
        change.campaignStates = [CampaignRecord(name: "spring", state: .paused, messageHash: "h")]
        try store.apply(change)

        #expect(!(try store.setCampaignState("spring", to: .failed, message: "no sender can send", from: [.running])))
        #expect(try store.snapshot().campaigns["spring"]?.state == .paused)
    }

    @Test("apply's transition clears the reason the engine recorded")
    func applyClearsReason() throws {
        let store = try makeStore()
        var change = StateChange()
        change.campaignStates = [CampaignRecord(name: "spring", state: .running, messageHash: "h")]
        try store.apply(change)
        try store.setCampaignState("spring", to: .failed, message: "no sender can send")
        try store.apply(change)
        #expect(try store.snapshot().campaigns["spring"]?.stateReason == nil)
    }

    @Test("a sender paused until a person resumes it awaits a person; one on probation does not")
    func awaitingPerson() throws {
        let store = try makeStore()
        try store.saveSenderStatus(
            SenderDispatchStatus(name: "a", pause: .init(cause: "manual", reason: "by hand", since: .testNow, resumesAt: nil)), events: [])
        try store.saveSenderStatus(
            SenderDispatchStatus(
                name: "b", pause: .init(cause: "consecutive-failures", reason: "10 failures", since: .testNow, resumesAt: .testNow + 60)),
            events: [])
        let statuses = try store.senderStatuses()
        #expect(statuses["a"]?.isAwaitingPerson == true)
        #expect(statuses["b"]?.isAwaitingPerson == false)
        #expect(statuses["b"]?.resumesAt == .testNow + 60)

        let enabled: [String: Bool] = ["a": true, "b": true, "c": false]
        #expect(CampaignStall(senders: ["a", "b"], isEnabled: { enabled[$0] }, statuses: statuses) == nil)
        let stall = try #require(CampaignStall(senders: ["a", "c", "gone"], isEnabled: { enabled[$0] }, statuses: statuses))
        #expect(
            stall.description
                == "no sender can send: 'a' is paused until a person resumes it (by hand; `engine senders resume a`); "
                + "'c' is disabled in the files; 'gone' is not in the files")
        try store.resumeSender("a")
        #expect(CampaignStall(senders: ["a"], isEnabled: { enabled[$0] }, statuses: try store.senderStatuses()) == nil)
    }
}
