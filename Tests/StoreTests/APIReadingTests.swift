import Foundation
import GRDB
import Store
import Testing

@Suite("SQLiteStore reads for the HTTP API")
struct APIReadingTests {
    let directory: TemporaryDirectory
    let path: String
    let store: SQLiteStore

    init() throws {
        directory = try TemporaryDirectory()
        path = directory.path("state.db")
        store = try SQLiteStore(path: path, now: { .testNow })
    }

    func message(_ key: String, to phone: String, origin: OutboxOrigin) -> NewOutboxMessage {
        NewOutboxMessage(dedupeKey: key, recipient: phone, origin: origin, payload: Data(#"{"text":"Hi"}"#.utf8))
    }

    /// Five messages: three of campaign `spring`, one manual, one flow reply; the first claimed by sender `a`.
    @discardableResult
    func fill() throws -> [Int64] {
        let spring = OutboxOrigin(kind: .campaign, name: "spring")
        let ids = try store.enqueue([
            message("c1", to: "+15550000001", origin: spring), message("c2", to: "+15550000002", origin: spring),
            message("c3", to: "+15550000003", origin: spring), message("m1", to: "+15550000001", origin: OutboxOrigin(kind: .manual, name: "api")),
            message("f1", to: "+15550000009", origin: OutboxOrigin(kind: .flow, name: "hi")),
        ]).map(\.id)
        try #require(try store.claim(OutboxClaim(id: ids[0], sender: "a", countedAt: .testNow, at: .testNow)) != nil)
        return ids
    }

    @Test("a page of the outbox is newest first and filters by recipient, state, sender and origin")
    func filters() throws {
        let ids = try fill()
        #expect(try store.outboxPage(OutboxQuery()).records.map(\.id) == ids.reversed())
        #expect(try store.outboxPage(OutboxQuery(recipient: "+15550000001")).records.map(\.id) == [ids[3], ids[0]])
        #expect(try store.outboxPage(OutboxQuery(state: .sending)).records.map(\.id) == [ids[0]])
        #expect(try store.outboxPage(OutboxQuery(sender: "a")).records.map(\.id) == [ids[0]])
        #expect(try store.outboxPage(OutboxQuery(originKind: .campaign)).records.count == 3)
        #expect(try store.outboxPage(OutboxQuery(originKind: .manual, originName: "api")).records.map(\.id) == [ids[3]])
        #expect(try store.outboxPage(OutboxQuery(originName: "hi")).records.map(\.id) == [ids[4]])
        #expect(try store.outboxPage(OutboxQuery(since: .testNow)).records.count == 5)
        #expect(try store.outboxPage(OutboxQuery(since: .testNow.addingTimeInterval(1))).records.isEmpty)
    }

    @Test("pages follow the id cursor to the last, which has no next cursor")
    func paging() throws {
        let ids = try fill()
        let first = try store.outboxPage(OutboxQuery(limit: 2))
        #expect(first.records.map(\.id) == [ids[4], ids[3]])
        #expect(first.nextBeforeID == ids[3])
        let second = try store.outboxPage(OutboxQuery(beforeID: first.nextBeforeID, limit: 2))
        #expect(second.records.map(\.id) == [ids[2], ids[1]])
        let last = try store.outboxPage(OutboxQuery(beforeID: second.nextBeforeID, limit: 2))
        #expect(last.records.map(\.id) == [ids[0]])
        #expect(last.nextBeforeID == nil)
        #expect(try store.outboxPage(OutboxQuery(limit: 5)).nextBeforeID == nil)
    }

    @Test("counts by sender and state, queued by origin, and by one resource")
    func counts() throws {
        try fill()
        #expect(
            Set(try store.outboxStateCounts())
                == [OutboxStateCount(sender: nil, state: .queued, count: 4), OutboxStateCount(sender: "a", state: .sending, count: 1)])
        #expect(try store.queuedCountsByOrigin() == [.campaign: 2, .manual: 1, .flow: 1])
        #expect(try store.messageCounts(origin: OutboxOrigin(kind: .campaign, name: "spring")) == [.queued: 2, .sending: 1])
        #expect(try store.messageCounts(origin: OutboxOrigin(kind: .broadcast, name: "none")).isEmpty)
    }

    @Test("a campaign's counts: contacts by status, messages by state, sends in the windows and the last send")
    func campaignCounts() throws {
        var change = StateChange()
        change.contactLists = [ContactListSync(campaign: "spring", contacts: makeContacts(4, from: 1), status: .queued, cancelsMissing: false)]
        try store.apply(change)
        try fill()
        let counts = try store.campaignCounts(
            "spring", sentSince: [.testNow.addingTimeInterval(-60), .testNow.addingTimeInterval(1)])
        #expect(counts.contacts == [.sending: 1, .queued: 3])
        #expect(counts.messages == [.sending: 1, .queued: 2])
        #expect(counts.sentSince == [1, 0])
        #expect(counts.lastSentAt == .testNow)
        let other = try store.campaignCounts("other")
        #expect(other.contacts.isEmpty && other.messages.isEmpty && other.lastSentAt == nil)
    }

    @Test("a flow's executions page newest first, by status")
    func executions() throws {
        try store.saveFlowVersions([FlowVersionRecord(flow: "hi", version: "v1", program: Data("{}".utf8))])
        try rawConnection(to: path).write { db in
            for (index, status) in ["ended", "ended", "active"].enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO flow_executions (flow, version, sender, contact, status, state, started_at, updated_at)
                        VALUES ('hi', 'v1', 'support', ?, ?, '{}', '2025-06-15 15:06:40.000', '2025-06-15 15:06:40.000')
                        """, arguments: ["+1555000000\(index)", status])
            }
        }
        #expect(try store.flowExecutions(flow: "hi", limit: 10).map(\.id) == [3, 2, 1])
        #expect(try store.flowExecutions(flow: "hi", status: .ended, limit: 10).map(\.id) == [2, 1])
        #expect(try store.flowExecutions(flow: "hi", beforeID: 3, limit: 1).map(\.id) == [2])
        #expect(try store.flowExecutions(flow: "other", limit: 10).isEmpty)
        #expect(try store.flowExecutions(flow: "hi", limit: 1).first?.startedAt == .testNow)
    }

    @Test("the last applied and last attempted revisions, newest by record order")
    func revisions() throws {
        #expect(try store.lastRevisions().applied == nil)
        let applied = RevisionRecord(revision: "abc", command: "apply", outcome: .applied, at: .testNow, summary: "ok")
        let failed = RevisionRecord(revision: "def", command: "run", outcome: .failed, at: .testNow.addingTimeInterval(-5), summary: "bad")
        try store.record(applied)
        try store.record(failed)
        let revisions = try store.lastRevisions()
        #expect(revisions.applied == applied)
        #expect(revisions.attempted == failed)
        let snapshot = try store.snapshot()
        #expect(snapshot.lastApplied == revisions.applied && snapshot.lastAttempted == revisions.attempted)
    }
}
