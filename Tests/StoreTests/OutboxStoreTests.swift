import Foundation
import GRDB
import Store
import Testing

@Suite("SQLiteStore as the outbox")
struct OutboxStoreTests {
    static let spring = OutboxOrigin(kind: .campaign, name: "spring")
    static let payload = Data(#"{"text":"Hello"}"#.utf8)

    let directory: TemporaryDirectory
    let path: String
    let store: SQLiteStore

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("state.db")
        store = try SQLiteStore(path: path, now: { .testNow })
    }

    func message(_ key: String, to phone: String = "+15550000001", origin: OutboxOrigin = spring, sender: String? = nil) -> NewOutboxMessage {
        NewOutboxMessage(dedupeKey: key, recipient: phone, origin: origin, payload: Self.payload, sender: sender)
    }

    /// Records campaign `spring`'s contacts as queued.
    func addContacts(_ contacts: [CampaignContact]) throws {
        var change = StateChange()
        change.contactLists = [ContactListSync(campaign: "spring", contacts: contacts, status: .queued, cancelsMissing: false)]
        try store.apply(change)
    }

    /// Enqueues and claims one message; returns its id.
    func claimed(_ key: String, to phone: String = "+15550000001", origin: OutboxOrigin = spring) throws -> Int64 {
        let id = try #require(try store.enqueue([message(key, to: phone, origin: origin)]).first).id
        try #require(try store.claim(OutboxClaim(id: id, sender: "a", countedAt: .testNow, at: .testNow)) != nil)
        return id
    }

    @Test("a dedupe key is enqueued once; a campaign message links its contact")
    func enqueue() throws {
        try addContacts(makeContacts(2))
        let first = try store.enqueue([message("k1", to: "+15550000000"), message("k1", to: "+15550000000"), message("k2", to: "+15550000001")])

        #expect(first.map(\.isNew) == [true, false, true])
        #expect(first[0].id == first[1].id)
        #expect(try store.enqueue([message("k1")]) == [EnqueuedMessage(id: first[0].id, isNew: false)])
        let linked = try rawConnection(to: path).read { db in
            try Row.fetchAll(db, sql: "SELECT phone, status, outbox_id FROM campaign_contacts ORDER BY phone").map { "\($0)" }
        }
        #expect(linked == [#"[phone:"+15550000000" status:"queued" outbox_id:1]"#, #"[phone:"+15550000001" status:"queued" outbox_id:2]"#])
        let record = try #require(try store.outboxRecord(id: first[0].id))
        #expect(record.state == .queued)
        #expect(record.notBefore == .testNow)
        #expect(record.payload == Self.payload)
    }

    @Test("queued rows are read per resource, due first, each once")
    func queuedReads() throws {
        let flow = OutboxOrigin(kind: .flow, name: "support")
        var later = message("late")
        later.notBefore = Date.testNow.addingTimeInterval(60)
        try store.enqueue([
            later, message("early"), message("reply", origin: flow, sender: "a"), message("other", origin: .init(kind: .campaign, name: "other")),
        ])

        let read = try store.queuedMessages(
            [OutboxSelection(kind: .flow), OutboxSelection(kind: .campaign, name: "spring"), OutboxSelection(kind: .campaign)], limitEach: 10)

        #expect(read.map(\.dedupeKey) == ["reply", "early", "late", "other"])
        #expect(try store.queuedMessages([OutboxSelection(kind: .campaign, name: "spring")], limitEach: 1).map(\.dedupeKey) == ["early"])
    }

    @Test("a claim takes a queued row once, logs the send and moves the contact along")
    func claim() throws {
        try addContacts(makeContacts(1, from: 1))
        let id = try #require(try store.enqueue([message("k1")]).first).id
        let counted = Date.testNow.addingTimeInterval(3)

        let record = try #require(try store.claim(OutboxClaim(id: id, sender: "a", countedAt: counted, at: .testNow)))
        #expect(try store.claim(OutboxClaim(id: id, sender: "b", countedAt: counted, at: .testNow)) == nil)

        #expect(record.state == .sending)
        #expect(record.sender == "a")
        #expect(record.attempts == 1)
        #expect(record.sentAt == counted)
        #expect(try store.campaignContacts("spring") == ["+15550000001": .sending])
        let history = try store.dispatchHistory(
            senders: ["a", "b"], campaigns: ["spring"], sendsSince: .testNow, campaignSendsSince: .testNow)
        #expect(history.sends == ["a": [counted]])
        #expect(history.firstSends == ["a": counted])
        #expect(history.campaignSends == ["spring": [counted]])
    }

    @Test("a business message to a contact who opted out since it was queued is cancelled at claim; a reply still goes")
    func suppressedAtClaim() throws {
        try addContacts(makeContacts(1, from: 1))
        let campaign = try #require(try store.enqueue([message("k1")]).first).id
        let reply = try #require(
            try store.enqueue([message("r1", origin: OutboxOrigin(kind: .autoReply, name: "opt-out"), sender: "a")]).first
        ).id
        try store.setSuppressed(true, phone: "+15550000001", reason: "replied STOP", confirmation: nil)

        #expect(try store.claim(OutboxClaim(id: campaign, sender: "a", countedAt: .testNow, at: .testNow)) == nil)
        #expect(try store.outboxRecord(id: campaign)?.state == .cancelled)
        #expect(try store.campaignContacts("spring") == ["+15550000001": .cancelled])
        #expect(try store.claim(OutboxClaim(id: reply, sender: "a", countedAt: .testNow, at: .testNow)) != nil)
        let history = try store.dispatchHistory(senders: ["a"], campaigns: ["spring"], sendsSince: .testNow, campaignSendsSince: .testNow)
        #expect(history.sends["a"]?.count == 1, "the cancelled message counts against no quota")
    }

    @Test("an outcome is written only over a row still sending; the sender status and events always are")
    func settle() throws {
        try addContacts(makeContacts(1, from: 1))
        let id = try claimed("k1")
        let status = SenderDispatchStatus(name: "a", health: 99, consecutiveFailures: 0, lastUsedAt: .testNow)
        let event = EventRecord(at: .testNow, kind: "sender.backed-off", resource: "Sender/a", message: "held")

        #expect(
            try store.settle(
                OutboxSettlement(id: id, result: .sent(providerMessageID: "wamid.1"), senderStatus: status, events: [event], at: .testNow)))
        #expect(!(try store.settle(OutboxSettlement(id: id, result: .failed(OutboxError(code: "x", reason: "late")), at: .testNow))))

        let record = try #require(try store.outboxRecord(id: id))
        #expect(record.state == .sent)
        #expect(record.providerMessageID == "wamid.1")
        #expect(try store.campaignContacts("spring") == ["+15550000001": .sent])
        let history = try store.dispatchHistory(senders: [], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow)
        #expect(history.senders["a"] == status)
        #expect(try rawConnection(to: path).read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM events") } == 1)
    }

    @Test("a group commit writes each outcome, then takes each claim, as the single calls would")
    func settleAndClaim() throws {
        try addContacts(makeContacts(3, from: 1))
        let first = try claimed("k1")
        let ids = try store.enqueue([message("k2", to: "+15550000002"), message("k3", to: "+15550000003")]).map(\.id)
        let status = SenderDispatchStatus(name: "a", health: 100, consecutiveFailures: 0, lastUsedAt: .testNow)
        try store.setSuppressed(true, phone: "+15550000003", reason: "replied STOP", confirmation: nil)

        let claimed = try store.settle(
            [OutboxSettlement(id: first, result: .sent(providerMessageID: "wamid.1"), senderStatus: status, at: .testNow)],
            claiming: [
                OutboxClaim(id: ids[0], sender: "a", countedAt: .testNow, at: .testNow),
                OutboxClaim(id: ids[0], sender: "b", countedAt: .testNow, at: .testNow),
                OutboxClaim(id: ids[1], sender: "a", countedAt: .testNow, at: .testNow),
            ])

        #expect(claimed.map { $0?.id } == [ids[0], nil, nil], "a row is claimed once; a suppressed contact's is cancelled")
        #expect(claimed[0]?.state == .sending)
        #expect(claimed[0]?.attempts == 1)
        #expect(try store.outboxRecord(id: first)?.state == .sent)
        #expect(try store.outboxRecord(id: ids[1])?.state == .cancelled)
        #expect(
            try store.campaignContacts("spring") == ["+15550000001": .sent, "+15550000002": .sending, "+15550000003": .cancelled])
        let history = try store.dispatchHistory(senders: ["a", "b"], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow)
        #expect(history.sends["a"]?.count == 2, "one send log row per claim")
        #expect(history.sends["b"] == nil)
        #expect(history.senders["a"] == status)
    }

    @Test("a group commit is all or nothing: a claim that fails leaves the outcomes before it unwritten")
    func groupCommitIsAtomic() throws {
        let first = try claimed("k1")
        let second = try #require(try store.enqueue([message("k2", to: "+15550000002")]).first).id
        try rawConnection(to: path).write { db in
            try db.execute(sql: "CREATE TRIGGER refuse_sends BEFORE INSERT ON send_log BEGIN SELECT RAISE(ABORT, 'injected'); END")
        }

        #expect(throws: StoreError.self) {
            try store.settle(
                [OutboxSettlement(id: first, result: .sent(providerMessageID: "wamid.1"), at: .testNow)],
                claiming: [OutboxClaim(id: second, sender: "a", countedAt: .testNow, at: .testNow)])
        }

        #expect(try store.outboxRecord(id: first)?.state == .sending)
        #expect(try store.outboxRecord(id: second)?.state == .queued)
        #expect(try store.outboxRecord(id: second)?.attempts == 0)
    }

    @Test("a retry goes back to the queue with its error and not_before")
    func retry() throws {
        let id = try claimed("k1")
        let next = Date.testNow.addingTimeInterval(30)

        try store.settle(
            OutboxSettlement(id: id, result: .retry(notBefore: next, error: OutboxError(code: "130429", reason: "throughput")), at: .testNow))

        let record = try #require(try store.outboxRecord(id: id))
        #expect(record.state == .queued)
        #expect(record.notBefore == next)
        #expect(record.errorCode == "130429")
        #expect(record.error == "throughput")
        #expect(try store.claim(OutboxClaim(id: id, sender: "b", countedAt: next, at: next))?.attempts == 2)
    }

    @Test(
        "delivery statuses move a row forward only",
        arguments: [
            ([OutboxState.sent, .delivered, .read], [false, true, true], OutboxState.read),
            ([.read, .delivered], [true, false], .read),
            ([.delivered, .failed, .read], [true, true, false], .failed),
            ([.read, .failed], [true, false], .read),
            ([.sent, .delivered], [false, false], .delivered),
        ])
    func delivery(states: [OutboxState], applied: [Bool], final: OutboxState) throws {
        let id = try claimed("k1")
        try store.settle(OutboxSettlement(id: id, result: .sent(providerMessageID: "wamid.1"), at: .testNow))
        // A `sent` status over a sent row is stale; the last case starts from delivered.
        if final == .delivered {
            _ = try store.applyDelivery(DeliveryUpdate(providerMessageID: "wamid.1", state: .delivered, at: .testNow))
        }

        let results = try states.map { state in
            try store.applyDelivery(
                DeliveryUpdate(providerMessageID: "wamid.1", state: state, error: OutboxError(code: "131026", reason: "gone"), at: .testNow))
        }

        #expect(results.map { if case .applied = $0 { true } else { false } } == applied)
        #expect(try store.outboxRecord(id: id)?.state == final)
        #expect(try store.applyDelivery(DeliveryUpdate(providerMessageID: "wamid.unknown", state: .read, at: .testNow)) == .unknownMessage)
    }

    @Test("rows left sending become unknown, or queued again for origins that resend")
    func recovery() throws {
        try addContacts(makeContacts(2))
        let resent = try claimed("k1", to: "+15550000000")
        let lost = try claimed("k2", to: "+15550000001", origin: OutboxOrigin(kind: .flow, name: "support"))
        let untouched = try #require(try store.enqueue([message("k3")]).first).id

        let recovered = try store.recoverInterruptedSends(at: .testNow) { $0.kind == .campaign }

        #expect(recovered == InterruptedSends(unknown: [lost], requeued: [resent]))
        #expect(try store.outboxRecord(id: resent)?.state == .queued)
        #expect(try store.outboxRecord(id: lost)?.state == .unknown)
        #expect(try store.outboxRecord(id: lost)?.errorCode == "outbox.interrupted")
        #expect(try store.outboxRecord(id: untouched)?.state == .queued)
        #expect(try store.campaignContacts("spring")["+15550000000"] == .queued)
        #expect(try store.recoverInterruptedSends(at: .testNow) { _ in true } == InterruptedSends())
        let events = try rawConnection(to: path).read { db in
            try String.fetchAll(db, sql: "SELECT message FROM events WHERE kind = 'outbox.interrupted'")
        }
        #expect(events.count == 1)
    }

    @Test("a sender's pause, backoff and slowdown round-trip, and its connection is left alone")
    func senderStatus() throws {
        try store.setConnection(.connected, of: "a")
        let status = SenderDispatchStatus(
            name: "a", health: 45, consecutiveFailures: 10, lastUsedAt: .testNow,
            pause: .init(
                cause: "consecutive-failures", reason: "10 failures in a row", since: .testNow, resumesAt: .testNow.addingTimeInterval(1800)),
            backoffUntil: .testNow.addingTimeInterval(30), slowdown: .init(rateFactor: 0.5, until: .testNow.addingTimeInterval(7200), reason: "spam"))

        try store.saveSenderStatus(status, events: [])

        let history = try store.dispatchHistory(senders: ["a"], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow)
        #expect(history.senders["a"] == status)
        #expect(try store.senderStatuses()["a"]?.connection == .connected)
        #expect(try store.senderStatuses()["a"]?.pausedReason == "10 failures in a row")
        var resumed = status
        resumed.pause = nil
        try store.saveSenderStatus(resumed, events: [])
        #expect(try store.dispatchHistory(senders: [], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow).senders["a"]?.pause == nil)
    }

    @Test("every outbox state and origin kind of this engine fits the schema")
    func acceptsEveryCase() throws {
        let database = try rawConnection(to: path)
        try database.write { db in
            for (index, state) in OutboxState.allCases.enumerated() {
                let kind = OutboxOrigin.Kind.allCases[index % OutboxOrigin.Kind.allCases.count]
                try db.execute(
                    sql: """
                        INSERT INTO outbox (dedupe_key, recipient, origin_kind, origin_name, payload, state, not_before, created_at, updated_at)
                        VALUES (?, '+15550000000', ?, 'n', '{}', ?, 'now', 'now', 'now')
                        """,
                    arguments: ["k\(index)", kind.rawValue, state.rawValue])
            }
        }
        #expect(OutboxState.allCases.count >= OutboxOrigin.Kind.allCases.count)
    }

    @Test(
        "the v5 columns refuse what makes no sense",
        arguments: [
            "INSERT INTO sender_status (name, paused_cause) VALUES ('s', '')",
            "INSERT INTO sender_status (name, slowdown_factor) VALUES ('s', 0.0)",
            "INSERT INTO sender_status (name, slowdown_factor) VALUES ('s', 1.5)",
        ])
    func refusesInvalidRow(sql: String) throws {
        let error = #expect(throws: DatabaseError.self) { try rawConnection(to: path).write { db in try db.execute(sql: sql) } }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
    }

    @Test("a database left by the v1 schema migrates forward with its outbox, send log and paused senders")
    func migratesV1Forward() throws {
        let old = directory.path("old.db")
        try DatabaseQueue(path: old).write { db in
            try db.execute(sql: EarlierSchema.v1)
            try db.execute(
                sql: """
                    INSERT INTO state_meta (id, serial, created_at) VALUES (1, 0, '2025-01-01 00:00:00.000');
                    INSERT INTO outbox (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, attempts, not_before,
                        created_at, updated_at)
                    VALUES ('campaign/spring/+15550000001', 'a', '+15550000001', 'campaign', 'spring', '{"text":"Hi"}', 'sending', 1,
                        '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000');
                    INSERT INTO send_log (sender, recipient, sent_at) VALUES ('a', '+15550000001', '2025-01-01 00:00:00.000');
                    INSERT INTO sender_status (name, health, consecutive_failures, paused_reason, paused_at)
                    VALUES ('a', 40, 3, 'paused by hand', '2025-01-01 00:00:00.000');
                    """)
        }

        let migrated = try SQLiteStore(path: old, now: { .testNow })

        let since = Date(timeIntervalSince1970: 1_735_689_000)
        let history = try migrated.dispatchHistory(senders: ["a"], campaigns: ["spring"], sendsSince: since, campaignSendsSince: since)
        #expect(history.sends["a"]?.count == 1)
        #expect(history.campaignSends.isEmpty, "v1 sends name no campaign")
        #expect(history.senders["a"]?.pause?.cause == "manual")
        #expect(history.senders["a"]?.pause?.reason == "paused by hand")
        #expect(try migrated.recoverInterruptedSends(at: .testNow) { _ in false }.unknown == [1])
        #expect(try migrated.outboxRecord(id: 1)?.errorCode == "outbox.interrupted")
    }

    @Test("a sender's pacing round-trips with its status, and a claim writes it with the send")
    func pacing() throws {
        let paced = SenderDispatchStatus(name: "a", pacedUntil: .testNow + 4, spreadUntil: .testNow + 9)
        try store.saveSenderStatus(paced, events: [])
        #expect(try store.dispatchHistory(senders: [], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow).senders["a"] == paced)

        let id = try #require(try store.enqueue([message("k1")]).first).id
        let pacing = SenderPacing(pacedUntil: .testNow + 7, spreadUntil: nil)
        try #require(try store.claim(OutboxClaim(id: id, sender: "b", countedAt: .testNow, at: .testNow, senderPacing: pacing)) != nil)

        let history = try store.dispatchHistory(senders: [], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow)
        #expect(history.senders["b"]?.pacedUntil == .testNow + 7)
        #expect(history.senders["b"]?.spreadUntil == nil)
        #expect(history.senders["b"]?.health == 100, "a sender first seen at a claim starts healthy")
        #expect(history.senders["a"] == paced, "a claim on another sender leaves it alone")
    }

    @Test("an outcome and the next claim of a sender in one transaction leave its row as the outcome's status with the claim's pacing")
    func senderRowWrittenOnce() throws {
        let ids = try store.enqueue([message("k1", to: "+15550000001"), message("k2", to: "+15550000002")]).map(\.id)
        try #require(try store.claim(OutboxClaim(id: ids[0], sender: "a", countedAt: .testNow, at: .testNow)) != nil)
        let status = SenderDispatchStatus(
            name: "a", health: 96, consecutiveFailures: 1, lastUsedAt: .testNow, pacedUntil: .testNow + 3, spreadUntil: .testNow + 4)
        let settlement = OutboxSettlement(id: ids[0], result: .sent(providerMessageID: "wamid.1"), senderStatus: status, at: .testNow)
        let pacing = SenderPacing(pacedUntil: .testNow + 8, spreadUntil: nil)
        let claim = OutboxClaim(id: ids[1], sender: "a", countedAt: .testNow + 1, at: .testNow + 1, senderPacing: pacing)

        let claimed = try store.settle([settlement], claiming: [claim])

        #expect(claimed.map { $0?.id } == [ids[1]])
        #expect(claimed.first??.state == .sending && claimed.first??.attempts == 1 && claimed.first??.sender == "a")
        #expect(try store.outboxRecord(id: ids[0])?.state == .sent)
        #expect(try store.outboxRecord(id: ids[0])?.providerMessageID == "wamid.1")
        let history = try store.dispatchHistory(senders: ["a"], campaigns: [], sendsSince: .distantPast, campaignSendsSince: .distantPast)
        var expected = status
        expected.pacedUntil = .testNow + 8
        expected.spreadUntil = nil
        #expect(history.senders["a"] == expected)
        #expect(history.sends["a"]?.count == 2)
    }

    @Test(
        "a claim given the queued row returns what reading the row back would, without reading it; a settlement naming its origin moves the contact")
    func claimFromTheQueuedRow() throws {
        try addContacts(makeContacts(2))
        let ids = try store.enqueue([message("k1", to: "+15550000000"), message("k2", to: "+15550000001")]).map(\.id)
        let queued = try store.queuedMessages([OutboxSelection(kind: .campaign)], limitEach: 10)
        let at = Date.testNow + 0.1234
        let given = try #require(
            try store.settle([], claiming: [OutboxClaim(id: ids[0], sender: "a", countedAt: at, at: at, queued: queued[0])]).first ?? nil)
        let read = try #require(
            try store.settle([], claiming: [OutboxClaim(id: ids[1], sender: "a", countedAt: at, at: at)]).first ?? nil)
        #expect(given == (try store.outboxRecord(id: ids[0])))
        #expect(read == (try store.outboxRecord(id: ids[1])))
        #expect(given.state == .sending && given.attempts == 1 && given.sender == "a")

        let settlement = OutboxSettlement(id: ids[0], result: .sent(providerMessageID: "wamid.1"), at: at, origin: Self.spring)
        #expect(try store.settle([settlement], claiming: []) == [])
        #expect(try store.campaignContacts("spring") == ["+15550000000": .sent, "+15550000001": .sending])
    }

    @Test("a claim refused (row no longer queued) writes no pacing, and an outcome for a row not sending changes nothing")
    func refusedWritesNothing() throws {
        let id = try #require(try store.enqueue([message("k1")]).first).id
        try #require(try store.claim(OutboxClaim(id: id, sender: "a", countedAt: .testNow, at: .testNow)) != nil)
        let pacing = SenderPacing(pacedUntil: .testNow + 8, spreadUntil: nil)
        let again = OutboxClaim(id: id, sender: "b", countedAt: .testNow, at: .testNow, senderPacing: pacing)
        #expect(try store.settle([], claiming: [again]) == [nil])
        #expect(try store.settle(OutboxSettlement(id: id, result: .sent(providerMessageID: "wamid.1"), at: .testNow)))
        #expect(!(try store.settle(OutboxSettlement(id: id, result: .failed(OutboxError(code: "x", reason: "y")), at: .testNow))))
        #expect(try store.outboxRecord(id: id)?.state == .sent)
        let history = try store.dispatchHistory(senders: ["b"], campaigns: [], sendsSince: .distantPast, campaignSendsSince: .distantPast)
        #expect(history.senders["b"] == nil)
    }

    @Test("queued rows read for one recipient count only that recipient's rows against the limit")
    func queuedForRecipient() throws {
        let flow = OutboxOrigin(kind: .flow, name: "support")
        let ids = try store.enqueue([
            message("a1", to: "+15550000001", origin: flow), message("a2", to: "+15550000001", origin: flow),
            message("b1", to: "+15550000002", origin: flow),
        ]).map(\.id)
        let selection = [OutboxSelection(kind: .flow)]
        #expect(try store.queuedMessages(selection, limitEach: 1).map(\.id) == [ids[0]])
        #expect(try store.queuedMessages(selection, limitEach: 1, recipient: "+15550000002").map(\.id) == [ids[2]])
        #expect(try store.queuedMessages(selection, limitEach: 5, recipient: "+15550000001").map(\.id) == [ids[0], ids[1]])
        #expect(try store.queuedMessages(selection, limitEach: 5, recipient: "+15550000009").isEmpty)
    }

    @Test("a burst message keeps its flag; others are paced")
    func burst() throws {
        var burst = message("k1", origin: OutboxOrigin(kind: .manual, name: "engine send"), sender: "a")
        burst.isBurst = true
        let ids = try store.enqueue([burst, message("k2")]).map(\.id)
        #expect(try store.outboxRecord(id: ids[0])?.isBurst == true)
        #expect(try store.outboxRecord(id: ids[1])?.isBurst == false)
        #expect(try store.queuedMessages([OutboxSelection(kind: .manual)], limitEach: 5).map(\.isBurst) == [true])
    }

    @Test("a queued row fails without a claim: no send log row, its contact failed; a row no longer queued is left alone")
    func failQueued() throws {
        try addContacts(makeContacts(1, from: 1))
        let id = try #require(try store.enqueue([message("k1")]).first).id
        let error = OutboxError(code: "outbox.outside-service-window", reason: "closed")

        #expect(try store.failQueued(id, error: error, at: .testNow))
        #expect(!(try store.failQueued(id, error: error, at: .testNow)))

        let record = try #require(try store.outboxRecord(id: id))
        #expect(record.state == .failed && record.errorCode == "outbox.outside-service-window" && record.error == "closed")
        #expect(record.attempts == 0)
        #expect(try store.campaignContacts("spring") == ["+15550000001": .failed])
        let history = try store.dispatchHistory(senders: ["a"], campaigns: ["spring"], sendsSince: .distantPast, campaignSendsSince: .distantPast)
        #expect(history.sends.isEmpty)
    }

    @Test("when a contact last wrote to each sender, and the inbox's newest id")
    func lastInbound() throws {
        #expect(try store.latestInboundID() == 0)
        #expect(try store.lastInboundMessages(from: "+15550000001").isEmpty)
        func inbound(_ id: String, sender: String, contact: String = "+15550000001", at date: Date) throws {
            _ = try store.recordInbound(
                NewInboundMessage(
                    providerMessageID: id, conversation: Conversation(sender: sender, contact: contact), profileName: nil,
                    body: Data(#"{"text":"hi"}"#.utf8), receivedAt: date))
        }
        try inbound("m1", sender: "a", at: .testNow - 7200)
        try inbound("m2", sender: "a", at: .testNow - 60)
        try inbound("m3", sender: "b", at: .testNow - 90_000)
        try inbound("m4", sender: "a", contact: "+15550000002", at: .testNow)

        #expect(try store.lastInboundMessages(from: "+15550000001") == ["a": .testNow - 60, "b": .testNow - 90_000])
        #expect(try store.latestInboundID() == 4)
    }

    @Test("a database at v5 migrates to v6 with its sender status and outbox; new columns start empty")
    func migratesV5Forward() throws {
        let old = directory.path("v5.db")
        try DatabaseQueue(path: old).write { db in
            try db.execute(sql: EarlierSchema.v1)
            try db.execute(sql: "INSERT INTO state_meta (id, serial, created_at) VALUES (1, 0, '2025-01-01 00:00:00.000')")
        }
        try EarlierSchema.migrate(path: old, upTo: "v5-outbox-dispatch")
        try DatabaseQueue(path: old).write { db in
            try db.execute(
                sql: """
                    INSERT INTO outbox (dedupe_key, sender, recipient, origin_kind, origin_name, payload, state, attempts, not_before,
                        created_at, updated_at)
                    VALUES ('manual:1', 'a', '+15550000001', 'manual', 'engine send', '{"text":"Hi"}', 'queued', 0,
                        '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000', '2025-01-01 00:00:00.000');
                    INSERT INTO sender_status (name, health, paused_reason, paused_at, paused_cause, backoff_until)
                    VALUES ('a', 60, 'by hand', '2025-01-01 00:00:00.000', 'manual', '2025-01-01 00:01:00.000');
                    INSERT INTO campaigns (name, state, message_hash, updated_at) VALUES ('spring', 'running', 'h', '2025-01-01 00:00:00.000');
                    """)
        }

        let migrated = try SQLiteStore(path: old, now: { .testNow })

        let record = try #require(try migrated.outboxRecord(id: 1))
        #expect(record.isBurst == false)
        let status = try #require(
            try migrated.dispatchHistory(senders: [], campaigns: [], sendsSince: .testNow, campaignSendsSince: .testNow).senders["a"])
        #expect(status.health == 60 && status.pause?.reason == "by hand" && status.pacedUntil == nil && status.spreadUntil == nil)
        #expect(try migrated.snapshot().campaigns["spring"]?.stateReason == nil)
        let indexes = try rawConnection(to: old).read { db in try db.indexes(on: "inbound_messages").map(\.name) }
        #expect(indexes.contains("inbound_messages_by_contact"))
    }
}
