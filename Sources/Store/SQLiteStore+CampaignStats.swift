import Foundation
import GRDB

extension SQLiteStore {
    public func campaignStats(name: String) throws(StoreError) -> CampaignStats? {
        try perform("reading the stats of campaign \(name)") {
            try writer.read { db in try Self.campaignStats(of: name, db)[name] }
        }
    }

    public func campaignStats() throws(StoreError) -> [String: CampaignStats] {
        try perform("reading campaign stats") {
            try writer.read { db in try Self.campaignStats(of: nil, db) }
        }
    }

    /// The stats of one campaign, or of every campaign with a row or contacts, in one
    /// read transaction.
    ///
    /// Counts by status read the `(campaign, status)` index; only failed and cancelled
    /// contacts are joined to their outbox rows, for the error codes.
    private static func campaignStats(of name: String?, _ db: Database) throws -> [String: CampaignStats] {
        let filter = name == nil ? "" : "WHERE campaign = ?"
        let arguments: StatementArguments = name.map { [$0] } ?? []
        var stats: [String: CampaignStats] = [:]
        func entry(_ campaign: String) -> CampaignStats { stats[campaign] ?? CampaignStats(campaign: campaign) }

        let campaigns = try Row.fetchCursor(
            db, sql: "SELECT name, state, state_reason FROM campaigns \(name == nil ? "" : "WHERE name = ?")", arguments: arguments)
        while let row = try campaigns.next() {
            let campaign: String = try row.decode(forColumn: "name")
            var value = entry(campaign)
            value.state = try row.decode(fromRawValueIn: "state")
            value.stateReason = try row.decode(forColumn: "state_reason")
            stats[campaign] = value
        }

        let counts = try Row.fetchCursor(
            db, sql: "SELECT campaign, status, count(*) FROM campaign_contacts \(filter) GROUP BY campaign, status", arguments: arguments)
        while let row = try counts.next() {
            let campaign: String = try row.decode(atIndex: 0)
            let status: ContactStatus = try row.decode(fromRawValueAt: 1, column: "status")
            let count: Int = try row.decode(atIndex: 2)
            var value = entry(campaign)
            value.contacts += count
            switch status {
            case .pending: value.pending += count
            case .queued: value.queued += count
            case .sending: value.sending += count
            case .sent: value.sent += count
            case .delivered:
                value.sent += count
                value.delivered += count
            case .read:
                value.sent += count
                value.delivered += count
                value.read += count
            case .failed: value.failed += count
            case .cancelled: value.skipped += count
            case .unknown: value.unknown += count
            }
            stats[campaign] = value
        }

        // Failures by code, and which cancellations were opt-outs (before v6 an opt-out had
        // its text and no code). SQLite fills the bare `error` column from the row with the
        // latest `updated_at` of each group.
        let code = """
            CASE WHEN o.error_code IS NULL AND o.error = 'the contact opted out' THEN '\(optedOutCode)'
            ELSE coalesce(o.error_code, '') END
            """
        let outcomes = try Row.fetchCursor(
            db,
            sql: """
                SELECT c.campaign, c.status, \(code) AS code, count(*), o.error, max(o.updated_at)
                FROM campaign_contacts AS c LEFT JOIN outbox AS o ON o.id = c.outbox_id
                WHERE \(name == nil ? "" : "c.campaign = ? AND") (c.status = 'failed' OR c.status = 'cancelled')
                GROUP BY c.campaign, c.status, code
                """,
            arguments: arguments)
        var failures: [String: [CampaignStats.Failure]] = [:]
        while let row = try outcomes.next() {
            let campaign: String = try row.decode(atIndex: 0)
            let status: String = try row.decode(atIndex: 1)
            let code: String = try row.decode(atIndex: 2)
            let count: Int = try row.decode(atIndex: 3)
            let reason: String? = try row.decode(atIndex: 4)
            if status == ContactStatus.failed.rawValue {
                failures[campaign, default: []].append(
                    CampaignStats.Failure(
                        code: code.isEmpty ? "unknown-error" : code, count: count, reason: reason ?? "the provider gave no reason"))
            } else if code == optedOutCode {
                var value = entry(campaign)
                value.optedOut += count
                value.skipped -= count
                stats[campaign] = value
            }
        }
        for (campaign, list) in failures {
            stats[campaign]?.failures = list.sorted { ($1.count, $0.code) < ($0.count, $1.code) }
        }
        return stats
    }

    /// The error code of a business message cancelled at its claim because the contact
    /// opted out.
    static let optedOutCode = "outbox.opted-out"
}
