import Foundation
import GRDB

/// Which outbox rows a reader wants, newest first, one page at a time.
public struct OutboxQuery: Sendable, Hashable {
    /// Rows whose chosen sender is this one.
    public var sender: String?
    /// Rows to this contact (E.164).
    public var recipient: String?
    /// Rows in this state.
    public var state: OutboxState?
    /// Rows put there by this kind of resource.
    public var originKind: OutboxOrigin.Kind?
    /// Rows put there by the resource of this name (of any kind unless `originKind` is set).
    public var originName: String?
    /// Rows enqueued at or after this instant.
    public var since: Date?
    /// Rows with an id below this one: the previous page's ``OutboxPage/nextBeforeID``.
    public var beforeID: Int64?
    /// The most rows a page holds (at least 1).
    public var limit: Int

    /// Creates a query; every filter is optional.
    public init(
        sender: String? = nil, recipient: String? = nil, state: OutboxState? = nil, originKind: OutboxOrigin.Kind? = nil,
        originName: String? = nil, since: Date? = nil, beforeID: Int64? = nil, limit: Int = 50
    ) {
        self.sender = sender
        self.recipient = recipient
        self.state = state
        self.originKind = originKind
        self.originName = originName
        self.since = since
        self.beforeID = beforeID
        self.limit = limit
    }
}

/// One page of outbox rows, newest first.
public struct OutboxPage: Sendable, Hashable {
    /// The rows, by descending id.
    public var records: [OutboxRecord]
    /// The `beforeID` of the next page; nil when this page is the last.
    public var nextBeforeID: Int64?

    /// Creates a page.
    public init(records: [OutboxRecord], nextBeforeID: Int64?) {
        self.records = records
        self.nextBeforeID = nextBeforeID
    }
}

/// How many outbox rows one sender (nil: none chosen yet) has in one state.
public struct OutboxStateCount: Sendable, Hashable {
    /// The sender the row names; nil while a business message waits for its first claim.
    public var sender: String?
    /// The state.
    public var state: OutboxState
    /// How many rows.
    public var count: Int

    /// Creates a count.
    public init(sender: String?, state: OutboxState, count: Int) {
        self.sender = sender
        self.state = state
        self.count = count
    }
}

/// What the engine knows of one campaign's progress: its contacts and its messages.
public struct CampaignCounts: Sendable, Hashable {
    /// Recorded contacts by status; statuses without contacts are absent.
    public var contacts: [ContactStatus: Int] = [:]
    /// Outbox rows of the campaign by state; states without rows are absent.
    public var messages: [OutboxState: Int] = [:]
    /// Sends counted in the campaign's name since each cutoff, in the order asked.
    public var sentSince: [Int] = []
    /// The last send counted in the campaign's name.
    public var lastSentAt: Date?

    /// Creates counts.
    public init(contacts: [ContactStatus: Int] = [:], messages: [OutboxState: Int] = [:], sentSince: [Int] = [], lastSentAt: Date? = nil) {
        self.contacts = contacts
        self.messages = messages
        self.sentSince = sentSince
        self.lastSentAt = lastSentAt
    }
}

/// The reads of the HTTP API and `/metrics`: pages and counts over the outbox, the send
/// log and flow executions. Each is one read transaction; none writes.
extension SQLiteStore {
    /// A page of outbox rows matching `query`, newest first.
    ///
    /// Paging goes by id (`beforeID`), so rows enqueued while a client pages through never
    /// shift a page. Filters other than the id scan the table: the API is not a hot path,
    /// and an index per filter would cost every enqueue.
    public func outboxPage(_ query: OutboxQuery) throws(StoreError) -> OutboxPage {
        let limit = max(1, query.limit)
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments += [value]
        }
        add("sender = ?", query.sender)
        add("recipient = ?", query.recipient)
        add("state = ?", query.state?.rawValue)
        add("origin_kind = ?", query.originKind?.rawValue)
        add("origin_name = ?", query.originName)
        add("created_at >= ?", query.since.map(StoredDate.databaseValue))
        add("id < ?", query.beforeID)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [limit + 1]
        return try perform("reading the outbox") {
            try writer.read { db in
                var records = try Row.fetchAll(
                    db, sql: "SELECT \(OutboxRecord.columns) FROM outbox \(filter) ORDER BY id DESC LIMIT ?", arguments: arguments
                ).map(OutboxRecord.init(row:))
                var next: Int64?
                if records.count > limit {
                    records.removeLast()
                    next = records.last?.id
                }
                return OutboxPage(records: records, nextBeforeID: next)
            }
        }
    }

    /// Outbox rows by sender and state; pairs without rows are absent.
    public func outboxStateCounts() throws(StoreError) -> [OutboxStateCount] {
        try perform("counting outbox messages") {
            try writer.read { db in
                try Row.fetchAll(db, sql: "SELECT sender, state, count(*) FROM outbox GROUP BY sender, state ORDER BY sender, state").map { row in
                    OutboxStateCount(
                        sender: try row.decode(atIndex: 0), state: try row.decode(fromRawValueAt: 1, column: "state"),
                        count: try row.decode(atIndex: 2))
                }
            }
        }
    }

    /// Queued rows by the kind of resource that enqueued them: the outbox's depth.
    /// Kinds without queued rows are absent.
    public func queuedCountsByOrigin() throws(StoreError) -> [OutboxOrigin.Kind: Int] {
        try perform("counting queued outbox messages") {
            try writer.read { db in
                // `state = 'queued'` spelled out so SQLite reads the partial index alone.
                let rows = try Row.fetchAll(db, sql: "SELECT origin_kind, count(*) FROM outbox WHERE state = 'queued' GROUP BY origin_kind")
                var counts: [OutboxOrigin.Kind: Int] = [:]
                for row in rows {
                    counts[try row.decode(fromRawValueAt: 0, column: "origin_kind")] = try row.decode(atIndex: 1)
                }
                return counts
            }
        }
    }

    /// Outbox rows of one resource by state; states without rows are absent.
    public func messageCounts(origin: OutboxOrigin) throws(StoreError) -> [OutboxState: Int] {
        try perform("counting the messages of \(origin)") {
            try writer.read { db in
                try Self.stateCounts(
                    db, sql: "SELECT state, count(*) FROM outbox WHERE origin_kind = ? AND origin_name = ? GROUP BY state",
                    arguments: [origin.kind.rawValue, origin.name])
            }
        }
    }

    /// A campaign's contacts by status, its messages by state, and its sends since each
    /// of `cutoffs` (read on the send log's campaign index), in one snapshot. An unknown
    /// campaign has empty counts.
    public func campaignCounts(_ campaign: String, sentSince cutoffs: [Date] = []) throws(StoreError) -> CampaignCounts {
        try perform("counting the progress of campaign \(campaign)") {
            try writer.read { db in
                var counts = CampaignCounts()
                let contacts = try Row.fetchAll(
                    db, sql: "SELECT status, count(*) FROM campaign_contacts WHERE campaign = ? GROUP BY status", arguments: [campaign])
                for row in contacts {
                    counts.contacts[try row.decode(fromRawValueAt: 0, column: "status")] = try row.decode(atIndex: 1)
                }
                counts.messages = try Self.stateCounts(
                    db, sql: "SELECT state, count(*) FROM outbox WHERE origin_kind = 'campaign' AND origin_name = ? GROUP BY state",
                    arguments: [campaign])
                for cutoff in cutoffs {
                    counts.sentSince.append(
                        try Int.fetchOne(
                            db, sql: "SELECT count(*) FROM send_log WHERE campaign = ? AND sent_at >= ?",
                            arguments: [campaign, StoredDate.databaseValue(cutoff)]) ?? 0)
                }
                counts.lastSentAt = try Date.fetchOne(db, sql: "SELECT max(sent_at) FROM send_log WHERE campaign = ?", arguments: [campaign])
                return counts
            }
        }
    }

    /// A page of `flow`'s executions, newest first: those with an id below `beforeID`,
    /// only `status` ones when given, at most `limit`.
    public func flowExecutions(
        flow: String, status: ExecutionRecord.Status? = nil, beforeID: Int64? = nil, limit: Int
    ) throws(StoreError) -> [ExecutionRecord] {
        var sql = "SELECT \(ExecutionRecord.columns) FROM flow_executions WHERE flow = ?"
        var arguments: StatementArguments = [flow]
        if let status {
            sql += " AND status = ?"
            arguments += [status.rawValue]
        }
        if let beforeID {
            sql += " AND id < ?"
            arguments += [beforeID]
        }
        sql += " ORDER BY id DESC LIMIT ?"
        arguments += [max(1, limit)]
        return try perform("reading the executions of flow \(flow)") {
            try writer.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).map(ExecutionRecord.init(row:)) }
        }
    }

    /// The last successful apply and the last attempt, successful or not, without reading
    /// the applied resources as ``snapshot()`` does.
    public func lastRevisions() throws(StoreError) -> (applied: RevisionRecord?, attempted: RevisionRecord?) {
        func record(_ row: Row?) throws -> RevisionRecord? {
            guard let row else { return nil }
            return RevisionRecord(
                revision: try row.decode(forColumn: "revision"), command: try row.decode(forColumn: "command"),
                outcome: try row.decode(fromRawValueIn: "outcome"), at: try row.decode(forColumn: "at"), summary: try row.decode(forColumn: "summary")
            )
        }
        return try perform("reading the revision history") {
            try writer.read { db in
                // Newest means last recorded (highest id), as in ``snapshot()``.
                let applied = try Row.fetchOne(db, sql: "SELECT * FROM revisions WHERE outcome = 'applied' ORDER BY id DESC LIMIT 1")
                let attempted = try Row.fetchOne(db, sql: "SELECT * FROM revisions ORDER BY id DESC LIMIT 1")
                return (try record(applied), try record(attempted))
            }
        }
    }

    /// `state, count` rows as a dictionary.
    private static func stateCounts(_ db: Database, sql: String, arguments: StatementArguments) throws -> [OutboxState: Int] {
        var counts: [OutboxState: Int] = [:]
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            counts[try row.decode(fromRawValueAt: 0, column: "state")] = try row.decode(atIndex: 1)
        }
        return counts
    }
}
