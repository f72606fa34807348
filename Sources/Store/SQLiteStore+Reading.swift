import Foundation
import GRDB

extension SQLiteStore {
    /// Everything `plan` compares against, read in one read transaction (WAL gives it
    /// a consistent snapshot while another process writes).
    ///
    /// The lineage is empty until the first ``apply(_:)`` draws it: all empty states
    /// are alike, so a plan saved before the database existed (read from an empty
    /// store) applies to the database its apply creates.
    public func snapshot() throws(StoreError) -> LiveState {
        try perform("reading the live state") {
            try writer.read { db in
                var state = try readMeta(db)
                let resources = try Row.fetchCursor(db, sql: "SELECT * FROM resources")
                while let row = try resources.next() {
                    let resource = try ResourceRecord(row: row)
                    state.resources[resource.key] = resource
                }
                let campaigns = try Row.fetchCursor(db, sql: "SELECT * FROM campaigns")
                while let row = try campaigns.next() {
                    let campaign = try CampaignRecord(row: row)
                    state.campaigns[campaign.name] = campaign
                }
                let sends = try Row.fetchCursor(db, sql: "SELECT list, send_id FROM broadcast_sends")
                while let row = try sends.next() {
                    state.broadcastSends[try row.decode(forColumn: "list"), default: []]
                        .insert(try row.decode(forColumn: "send_id"))
                }
                // Newest means last recorded (highest id), not the largest `at`, so a
                // clock stepping back cannot reorder history.
                state.lastApplied = try Row.fetchOne(
                    db, sql: "SELECT * FROM revisions WHERE outcome = 'applied' ORDER BY id DESC LIMIT 1"
                ).map(RevisionRecord.init(row:))
                state.lastAttempted = try Row.fetchOne(db, sql: "SELECT * FROM revisions ORDER BY id DESC LIMIT 1")
                    .map(RevisionRecord.init(row:))
                return state
            }
        }
    }

    /// The recorded contacts of `campaign` with their status, by E.164 number; empty
    /// for an unknown campaign.
    public func campaignContacts(_ campaign: String) throws(StoreError) -> [String: ContactStatus] {
        try perform("reading the contacts of campaign \(campaign)") {
            try writer.read { db in
                var contacts: [String: ContactStatus] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT phone, status FROM campaign_contacts WHERE campaign = ?", arguments: [campaign])
                while let row = try rows.next() {
                    contacts[try row.decode(forColumn: "phone")] = try row.decode(fromRawValueIn: "status")
                }
                return contacts
            }
        }
    }

    /// Counts of campaign contacts by status, by campaign; statuses without contacts
    /// are absent rather than zero.
    public func campaignProgress() throws(StoreError) -> [String: [ContactStatus: Int]] {
        try perform("counting campaign progress") {
            try writer.read { db in
                var progress: [String: [ContactStatus: Int]] = [:]
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT campaign, status, count(*) AS count FROM campaign_contacts GROUP BY campaign, status")
                while let row = try rows.next() {
                    let status: ContactStatus = try row.decode(fromRawValueIn: "status")
                    progress[try row.decode(forColumn: "campaign"), default: [:]][status] = try row.decode(forColumn: "count")
                }
                return progress
            }
        }
    }

    /// Sender status rows by sender name.
    public func senderStatuses() throws(StoreError) -> [String: SenderStatus] {
        try perform("reading sender statuses") {
            try writer.read { db in
                var statuses: [String: SenderStatus] = [:]
                let rows = try Row.fetchCursor(db, sql: "SELECT * FROM sender_status")
                while let row = try rows.next() {
                    let status = SenderStatus(
                        name: try row.decode(forColumn: "name"),
                        connection: try row.decode(fromRawValueIn: "connection"),
                        health: try row.decode(forColumn: "health"),
                        consecutiveFailures: try row.decode(forColumn: "consecutive_failures"),
                        lastUsedAt: try row.decode(forColumn: "last_used_at"),
                        pausedReason: try row.decode(forColumn: "paused_reason"),
                        resumesAt: try row.decode(forColumn: "resumes_at"))
                    statuses[status.name] = status
                }
                return statuses
            }
        }
    }

    /// For each sender with a status row, how many messages the send log holds since
    /// each cutoff (inclusive), in the order of `cutoffs`.
    ///
    /// One range count per sender on the `(sender, sent_at)` index, so the cost
    /// follows the window, not the log's whole history.
    public func sendCounts(since cutoffs: [Date]) throws(StoreError) -> [String: [Int]] {
        try perform("counting sends") {
            try writer.read { db in
                let senders = try String.fetchAll(db, sql: "SELECT name FROM sender_status")
                guard let earliest = cutoffs.min() else {
                    return Dictionary(uniqueKeysWithValues: senders.map { ($0, []) })
                }
                let columns = Array(repeating: "count(CASE WHEN sent_at >= ? THEN 1 END)", count: cutoffs.count)
                let statement = try db.makeStatement(
                    sql: "SELECT \(columns.joined(separator: ", ")) FROM send_log WHERE sender = ? AND sent_at >= ?")
                var counts: [String: [Int]] = [:]
                for sender in senders {
                    let arguments = StatementArguments(cutoffs) + [sender, earliest]
                    let row = try Row.fetchOne(statement, arguments: arguments)
                    counts[sender] = try cutoffs.indices.map { index in try row?.decode(Int.self, atIndex: index) ?? 0 }
                }
                return counts
            }
        }
    }

    /// Active flow executions by flow name; flows without any are absent.
    public func activeExecutions() throws(StoreError) -> [String: Int] {
        try perform("counting active flow executions") {
            try writer.read { db in
                var counts: [String: Int] = [:]
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT flow, count(*) AS count FROM flow_executions WHERE status = 'active' GROUP BY flow")
                while let row = try rows.next() {
                    counts[try row.decode(forColumn: "flow")] = try row.decode(forColumn: "count")
                }
                return counts
            }
        }
    }

    /// The serial and lineage, the one row every database has from `v1-initial` on.
    func readMeta(_ db: Database) throws -> LiveState {
        guard let row = try Row.fetchOne(db, sql: "SELECT serial, lineage FROM state_meta WHERE id = 1") else {
            throw StoreError(
                .database, "The state database at \(path) has lost its state_meta row; restore it from a backup.")
        }
        let lineage: String? = try row.decode(forColumn: "lineage")
        return LiveState(serial: try row.decode(forColumn: "serial"), lineage: lineage ?? "")
    }
}

extension ResourceRecord {
    fileprivate init(row: Row) throws {
        self.init(
            key: ResourceKey(kind: try row.decode(forColumn: "kind"), name: try row.decode(forColumn: "name")),
            spec: try row.decode(forColumn: "spec"),
            specHash: try row.decode(forColumn: "spec_hash"),
            secretDigests: try row.decodeStringDictionary(fromJSONIn: "secret_digests"),
            isProtected: try row.decode(forColumn: "protected"),
            contactsFingerprint: try row.decode(forColumn: "contacts_fingerprint"),
            revision: try row.decode(forColumn: "revision"),
            appliedAt: try row.decode(forColumn: "applied_at"))
    }
}

extension CampaignRecord {
    fileprivate init(row: Row) throws {
        self.init(
            name: try row.decode(forColumn: "name"),
            state: try row.decode(fromRawValueIn: "state"),
            messageHash: try row.decode(forColumn: "message_hash"),
            startedAt: try row.decode(forColumn: "started_at"),
            finishedAt: try row.decode(forColumn: "finished_at"),
            stateReason: try row.decode(forColumn: "state_reason"))
    }
}

extension RevisionRecord {
    fileprivate init(row: Row) throws {
        self.init(
            revision: try row.decode(forColumn: "revision"),
            command: try row.decode(forColumn: "command"),
            outcome: try row.decode(fromRawValueIn: "outcome"),
            at: try row.decode(forColumn: "at"),
            summary: try row.decode(forColumn: "summary"))
    }
}
