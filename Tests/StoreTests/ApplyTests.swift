import Foundation
import GRDB
import Store
import Synchronization
import Testing

@Suite("SQLiteStore.apply and record")
struct ApplyTests {
    private func resource(_ kind: String, _ name: String, revision: String = "rev1") -> ResourceRecord {
        ResourceRecord(
            key: ResourceKey(kind: kind, name: name), spec: Data(#"{"name":"\#(name)"}"#.utf8), specHash: "hash-\(name)",
            secretDigests: ["token": "digest"], isProtected: name == "protected", contactsFingerprint: "fp-\(revision)",
            revision: revision, appliedAt: .testNow)
    }

    @Test("upserted and deleted resources read back through the snapshot")
    func upsertAndDeleteRoundTrip() throws {
        let store = try makeStore()
        var create = StateChange()
        create.upserts = [resource("Sender", "main"), resource("Campaign", "protected"), resource("Flow", "welcome")]
        try store.apply(create)
        var update = StateChange()
        update.upserts = [resource("Sender", "main", revision: "rev2")]
        update.deletions = [ResourceKey(kind: "Flow", name: "welcome"), ResourceKey(kind: "Flow", name: "missing")]

        try store.apply(update)

        let resources = try store.snapshot().resources
        #expect(resources.keys.sorted() == [ResourceKey(kind: "Campaign", name: "protected"), ResourceKey(kind: "Sender", name: "main")])
        #expect(resources[ResourceKey(kind: "Sender", name: "main")] == resource("Sender", "main", revision: "rev2"))
        #expect(resources[ResourceKey(kind: "Campaign", name: "protected")]?.isProtected == true)
    }

    @Test("every apply bumps the serial by one and returns it")
    func serialIncrements() throws {
        let store = try makeStore()
        #expect(try store.snapshot().serial == 0)

        #expect(try store.apply(StateChange()) == 1)
        #expect(try store.apply(StateChange(expectedSerial: 1)) == 2)
        #expect(try store.snapshot().serial == 2)
    }

    @Test("a change made against an older serial is refused and writes nothing")
    func staleSerialRefused() throws {
        let store = try makeStore()
        try store.apply(StateChange())
        var stale = StateChange(expectedSerial: 0)
        stale.upserts = [resource("Sender", "main")]
        stale.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(3), status: .pending, cancelsMissing: false)]

        let error = expectStoreError(.staleState) { try store.apply(stale) }

        #expect(error?.message.contains("engine plan") == true)
        #expect(error?.isTransient == false)
        let state = try store.snapshot()
        #expect(state.serial == 1)
        #expect(state.resources.isEmpty)
        #expect(try store.campaignContacts("spring").isEmpty)
    }

    @Test("a change that fails halfway writes nothing")
    func failedChangeRollsBack() throws {
        let store = try makeStore()
        var change = StateChange()
        change.upserts = [resource("Sender", "main")]
        change.contactLists = [
            ContactListSync(campaign: "spring", contacts: [CampaignContact(phone: "not e164")], status: .pending, cancelsMissing: false)
        ]

        let error = expectStoreError(.database) { try store.apply(change) }

        #expect(error?.isTransient == false)
        #expect(try store.snapshot().resources.isEmpty)
        #expect(try store.snapshot().serial == 0)
    }

    @Test("campaign states record when a campaign first started and when it last finished")
    func campaignStates() throws {
        let clock = MovingClock()
        let store = try SQLiteStore.inMemory(now: clock.now)
        let steps: [(state: CampaignState, hour: Int, startedHour: Int?, finishedHour: Int?)] = [
            (.draft, 1, nil, nil), (.running, 2, 2, nil), (.paused, 3, 2, nil), (.running, 4, 2, nil),
            (.completed, 5, 2, 5), (.cancelled, 6, 2, 5), (.running, 7, 2, nil),
        ]
        for step in steps {
            clock.set(hour: step.hour)
            var change = StateChange()
            change.campaignStates = [CampaignRecord(name: "spring", state: step.state, messageHash: "h\(step.hour)")]
            try store.apply(change)
            let campaign = try #require(try store.snapshot().campaigns["spring"])
            #expect(campaign.state == step.state)
            #expect(campaign.messageHash == "h\(step.hour)")
            #expect(campaign.startedAt == step.startedHour.map(clock.date(hour:)), "at hour \(step.hour)")
            #expect(campaign.finishedAt == step.finishedHour.map(clock.date(hour:)), "at hour \(step.hour)")
        }
    }

    @Test("synchronizing the same lists twice records each contact once, keeping its status")
    func contactListsIdempotent() throws {
        let store = try makeStore()
        var change = StateChange()
        change.contactLists = [
            ContactListSync(campaign: "spring", contacts: makeContacts(3), status: .pending, cancelsMissing: false),
            ContactListSync(campaign: "summer", contacts: makeContacts(2), status: .queued, cancelsMissing: true),
        ]
        try store.apply(change)
        var again = change
        again.contactLists[0] = ContactListSync(
            campaign: "spring", contacts: makeContacts(3) + makeContacts(1, from: 3), status: .queued, cancelsMissing: false)

        try store.apply(again)

        #expect(try store.campaignProgress() == ["spring": [.pending: 3, .queued: 1], "summer": [.queued: 2]])
    }

    @Test("an unchanged list writes no row again")
    func unchangedListWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let clock = MovingClock()
        let store = try SQLiteStore(path: path, now: clock.now)
        var change = StateChange()
        change.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(3), status: .pending, cancelsMissing: true)]
        clock.set(hour: 1)
        try store.apply(change)

        clock.set(hour: 2)
        try store.apply(change)

        let stamps = try rawConnection(to: path).read { db in
            try Date.fetchSet(db, sql: "SELECT updated_at FROM campaign_contacts")
        }
        #expect(stamps == [clock.date(hour: 1)])
    }

    @Test("contact variables are stored as JSON with sorted keys and escapes")
    func contactVariablesAreJSON() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        var change = StateChange()
        let variables = ["zone": "Europe/Berlin", "city": "Köln \"Dom\"\n\u{1}", "": "empty key"]
        change.contactLists = [
            ContactListSync(
                campaign: "spring", contacts: [CampaignContact(phone: "+15550000000", variables: variables)], status: .pending,
                cancelsMissing: false)
        ]

        try store.apply(change)

        let text = try rawConnection(to: path).read { db in
            try String.fetchOne(db, sql: "SELECT variables FROM campaign_contacts")
        }
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(try #require(text).utf8))
        #expect(decoded == variables)
        #expect(text?.hasPrefix(#"{"":"empty key","city":"#) == true)
    }

    @Test("a list that cancels missing contacts cancels the unsent ones it lost and leaves sent ones alone")
    func cancelsMissingUnsentContacts() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path, now: { .testNow })
        var first = StateChange()
        first.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(4), status: .queued, cancelsMissing: false)]
        first.contactLists += [ContactListSync(campaign: "summer", contacts: makeContacts(1), status: .queued, cancelsMissing: false)]
        try store.apply(first)
        try markSent("+15550000003", in: path)
        var shrunk = StateChange()
        shrunk.contactLists = [
            ContactListSync(campaign: "spring", contacts: makeContacts(1, from: 1), status: .queued, cancelsMissing: true)
        ]

        try store.apply(shrunk)

        #expect(
            try store.campaignContacts("spring") == [
                "+15550000000": .cancelled, "+15550000001": .queued, "+15550000002": .cancelled, "+15550000003": .sent,
            ])
        #expect(try store.campaignContacts("summer") == ["+15550000000": .queued])
    }

    @Test("a list without cancelsMissing leaves contacts it lacks alone")
    func keepsMissingContactsWithoutCancelsMissing() throws {
        let store = try makeStore()
        var first = StateChange()
        first.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(2), status: .pending, cancelsMissing: false)]
        try store.apply(first)
        var second = StateChange()
        second.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(1), status: .pending, cancelsMissing: false)]

        try store.apply(second)

        #expect(try store.campaignProgress() == ["spring": [.pending: 2]])
    }

    @Test("a cancelled contact back in the list returns to the list's status")
    func cancelledContactReturns() throws {
        let store = try makeStore()
        var first = StateChange()
        first.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(2), status: .pending, cancelsMissing: false)]
        try store.apply(first)
        var shrunk = StateChange()
        shrunk.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(1), status: .pending, cancelsMissing: true)]
        try store.apply(shrunk)
        var restored = StateChange()
        restored.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(2), status: .queued, cancelsMissing: true)]

        try store.apply(restored)

        #expect(try store.campaignContacts("spring") == ["+15550000000": .pending, "+15550000001": .queued])
    }

    @Test("unsent contacts take the list's new name and variables; sent ones keep theirs")
    func refreshesUnsentContacts() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        var first = StateChange()
        first.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(2), status: .queued, cancelsMissing: false)]
        try store.apply(first)
        try markSent("+15550000001", in: path)
        var renamed = StateChange()
        renamed.contactLists = [
            ContactListSync(
                campaign: "spring",
                contacts: makeContacts(2).map { CampaignContact(phone: $0.phone, name: "Renamed", variables: ["city": "Oslo"]) },
                status: .queued, cancelsMissing: true)
        ]

        try store.apply(renamed)

        let rows = try rawConnection(to: path).read { db in
            try Row.fetchAll(db, sql: "SELECT phone, name, variables FROM campaign_contacts ORDER BY phone")
        }
        #expect(rows.map { $0["name"] as String? } == ["Renamed", "Contact 1"])
        #expect(rows.map { $0["variables"] as String } == [#"{"city":"Oslo"}"#, "{}"])
    }

    @Test("stopping a campaign cancels its unsent contacts and no one else's")
    func cancelledCampaigns() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        var first = StateChange()
        first.contactLists = [
            ContactListSync(campaign: "spring", contacts: makeContacts(2), status: .pending, cancelsMissing: false),
            ContactListSync(campaign: "spring", contacts: makeContacts(1, from: 2), status: .queued, cancelsMissing: false),
            ContactListSync(campaign: "summer", contacts: makeContacts(1), status: .queued, cancelsMissing: false),
        ]
        try store.apply(first)
        try markSent("+15550000001", in: path)
        var stop = StateChange()
        stop.cancelledCampaigns = ["spring"]

        try store.apply(stop)

        #expect(try store.campaignProgress() == ["spring": [.cancelled: 2, .sent: 1], "summer": [.queued: 1]])
    }

    @Test("queueing a campaign moves its pending contacts to queued, and only its own")
    func queuedCampaigns() throws {
        let store = try makeStore()
        var add = StateChange()
        add.contactLists = [
            ContactListSync(campaign: "spring", contacts: makeContacts(3), status: .pending, cancelsMissing: false),
            ContactListSync(campaign: "summer", contacts: makeContacts(2), status: .pending, cancelsMissing: false),
        ]
        add.cancelledCampaigns = ["winter"]
        try store.apply(add)
        var start = StateChange()
        start.queuedCampaigns = ["spring"]

        try store.apply(start)

        #expect(try store.campaignProgress() == ["spring": [.queued: 3], "summer": [.pending: 2]])
    }

    @Test("a broadcast send is recorded once however often it is started")
    func broadcastSendsIdempotent() throws {
        let store = try makeStore()
        var change = StateChange()
        change.startedBroadcastSends = [(list: "news", sendID: "2025-06-01"), (list: "news", sendID: "2025-06-08")]
        try store.apply(change)
        change.startedBroadcastSends.append((list: "alerts", sendID: "a1"))

        try store.apply(change)

        #expect(try store.snapshot().broadcastSends == ["news": ["2025-06-01", "2025-06-08"], "alerts": ["a1"]])
    }

    @Test("new senders get a default status row that a repeat leaves alone; deleted ones lose it")
    func senderRows() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        var create = StateChange()
        create.createdSenders = ["main", "backup"]
        try store.apply(create)
        try rawConnection(to: path).write { db in
            try db.execute(sql: "UPDATE sender_status SET health = 40, connection = 'connected' WHERE name = 'main'")
        }
        var change = StateChange()
        change.createdSenders = ["main"]
        change.deletedSenders = ["backup"]

        try store.apply(change)

        #expect(try store.senderStatuses() == ["main": SenderStatus(name: "main", connection: .connected, health: 40)])
    }

    @Test("a reported connection updates the row, or creates it before the first apply, and keeps health")
    func connectionRecorded() throws {
        let store = try makeStore()
        try store.setConnection(.waitingForScan, of: "fresh")
        var create = StateChange()
        create.createdSenders = ["main"]
        try store.apply(create)
        try store.setConnection(.connected, of: "main")
        #expect(
            try store.senderStatuses() == [
                "fresh": SenderStatus(name: "fresh", connection: .waitingForScan), "main": SenderStatus(name: "main", connection: .connected),
            ])
    }

    @Test("events are written with the change")
    func eventsWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        var change = StateChange()
        change.events = [EventRecord(at: .testNow, kind: "resource.created", resource: "Sender/main", message: "created")]

        try store.apply(change)

        let row = try rawConnection(to: path).read { db in try Row.fetchOne(db, sql: "SELECT * FROM events") }
        #expect(row?["kind"] == "resource.created")
        #expect(row?["resource"] == "Sender/main")
    }

    @Test("send counts count each sender's log from each cutoff on")
    func sendCounts() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        var senders = StateChange()
        senders.createdSenders = ["main", "idle"]
        try store.apply(senders)
        try rawConnection(to: path).write { db in
            for (sender, minutesAgo) in [("main", 0.5), ("main", 30), ("main", 120), ("main", 2000), ("gone", 1)] {
                try db.execute(
                    sql: "INSERT INTO send_log (sender, recipient, sent_at) VALUES (?, '+15550000000', ?)",
                    arguments: [sender, Date.testNow.addingTimeInterval(-60 * minutesAgo)])
            }
        }
        let cutoffs = [Date.testNow - 60, .testNow - 3600, .testNow - 86_400]

        #expect(try store.sendCounts(since: cutoffs) == ["main": [1, 2, 3], "idle": [0, 0, 0]])
        #expect(try store.sendCounts(since: []) == ["main": [], "idle": []])
    }

    @Test("active executions are counted by flow")
    func activeExecutions() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("state.db")
        let store = try SQLiteStore(path: path)
        try rawConnection(to: path).write { db in
            try db.execute(sql: "INSERT INTO flow_versions VALUES ('welcome', 'v1', '{}', 'now'), ('survey', 'v1', '{}', 'now')")
            for (flow, contact, status) in [
                ("welcome", "+15550000000", "active"), ("welcome", "+15550000001", "active"),
                ("welcome", "+15550000002", "ended"), ("survey", "+15550000003", "ended"),
            ] {
                try db.execute(
                    sql: """
                        INSERT INTO flow_executions (flow, version, sender, contact, status, state, started_at, updated_at)
                        VALUES (?, 'v1', 'main', ?, ?, '{}', 'now', 'now')
                        """,
                    arguments: [flow, contact, status])
            }
        }

        #expect(try store.activeExecutions() == ["welcome": 2])
    }

    @Test("revisions: lastApplied is the newest applied one, lastAttempted the newest of any outcome")
    func revisions() throws {
        let store = try makeStore()
        #expect(try store.snapshot().lastApplied == nil)
        let applied = RevisionRecord(revision: "abc123", command: "apply", outcome: .applied, at: .testNow, summary: "2 created")
        let failed = RevisionRecord(
            revision: "def456+dirty", command: "run", outcome: .failed, at: .testNow.addingTimeInterval(60), summary: "boom")

        try store.record(applied)
        try store.record(failed)

        let state = try store.snapshot()
        #expect(state.lastApplied == applied)
        #expect(state.lastAttempted == failed)
    }

    @Test("100,000 contacts import in one apply")
    func largeImport() throws {
        let store = try makeStore()
        var change = StateChange()
        let contacts = (0..<100_000).map { index in
            CampaignContact(phone: "+1555\(String(format: "%07d", index))", variables: ["index": "\(index)"])
        }
        change.contactLists = [ContactListSync(campaign: "big", contacts: contacts, status: .queued, cancelsMissing: true)]

        try store.apply(change)

        #expect(try store.campaignProgress() == ["big": [.queued: 100_000]])
    }
}

/// Marks a campaign contact as sent, as the scheduler will.
private func markSent(_ phone: String, in path: String) throws {
    try rawConnection(to: path).write { db in
        try db.execute(sql: "UPDATE campaign_contacts SET status = 'sent' WHERE phone = ?", arguments: [phone])
    }
}

/// A wall clock the test moves by hand, in whole hours from ``Date/testNow``.
private final class MovingClock: Sendable {
    private let hour = Mutex(0)

    func set(hour: Int) { self.hour.withLock { $0 = hour } }

    func date(hour: Int) -> Date { Date.testNow.addingTimeInterval(TimeInterval(hour) * 3600) }

    var now: @Sendable () -> Date {
        { [self] in date(hour: hour.withLock { $0 }) }
    }
}
