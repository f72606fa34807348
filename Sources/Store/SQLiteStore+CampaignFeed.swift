import Foundation
import GRDB

/// A campaign contact with no outbox row yet, as the campaign feeder reads it.
public struct UnqueuedCampaignContact: Sendable, Hashable {
    public var phone: String
    public var name: String?
    /// The contact's other columns.
    public var variables: [String: String]

    public init(phone: String, name: String?, variables: [String: String]) {
        self.phone = phone
        self.name = name
        self.variables = variables
    }
}

extension SQLiteStore {
    /// Up to `limit` contacts of `campaign` still waiting for their message, in number
    /// order (the feeder enqueues them; the outbox links each row back).
    public func unqueuedContacts(of campaign: String, limit: Int) throws(StoreError) -> [UnqueuedCampaignContact] {
        try perform("reading campaign \(campaign)'s contacts to queue") {
            try writer.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT phone, name, variables FROM campaign_contacts
                        WHERE campaign = ? AND outbox_id IS NULL AND (status = 'pending' OR status = 'queued')
                        ORDER BY phone LIMIT ?
                        """,
                    arguments: [campaign, max(0, limit)]
                ).map { row in
                    let text: String = row["variables"]
                    let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
                    return UnqueuedCampaignContact(
                        phone: row["phone"], name: row["name"], variables: object.compactMapValues { $0 as? String })
                }
            }
        }
    }

    /// How many of a resource's messages wait in the outbox (`queued`), counting up to
    /// `limit`: the feeders top the outbox up rather than flood it.
    public func queuedCount(kind: OutboxOrigin.Kind, name: String, limit: Int) throws(StoreError) -> Int {
        try perform("counting \(name)'s queued messages") {
            try writer.read { db in
                try Int.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT count(*) FROM (SELECT 1 FROM outbox WHERE state = 'queued' AND origin_kind = ? AND origin_name = ? LIMIT ?)"),
                    arguments: [kind.rawValue, name, max(0, limit)]) ?? 0
            }
        }
    }

    /// Moves `campaign` to `state` (`running` when its start came or a sender can send
    /// again, `completed` when every contact has an outcome, `failed` when no sender can
    /// send), recording when, `message` as the reason (``CampaignRecord/stateReason``),
    /// and an event. Nothing is written when it is in `state` already.
    ///
    /// With `from`, the move happens only while the campaign is in one of those states,
    /// so a transition that `apply` made in the meantime (a pause) is never overwritten.
    /// - Returns: whether the campaign moved.
    @discardableResult
    public func setCampaignState(
        _ campaign: String, to state: CampaignState, message: String, from: Set<CampaignState>? = nil
    ) throws(StoreError) -> Bool {
        let now = self.now()
        // Raw values of the enumeration, never user input: safe to write into the SQL.
        let allowed = (from ?? Set(CampaignState.allCases)).map { "'\($0.rawValue)'" }.sorted().joined(separator: ", ")
        return try perform("moving campaign \(campaign) to \(state.rawValue)") {
            try writer.write { db in
                // A final state records when it was reached; leaving one (a failed
                // campaign running again) clears it.
                try db.execute(
                    sql: """
                        UPDATE campaigns SET state = ?, updated_at = ?, state_reason = ?,
                            started_at = CASE WHEN ? = 'running' THEN coalesce(started_at, ?) ELSE started_at END,
                            finished_at = CASE
                                WHEN ? IN ('completed', 'failed') THEN ?
                                WHEN ? = 'cancelled' THEN coalesce(finished_at, ?)
                                ELSE NULL
                            END
                        WHERE name = ? AND state <> ? AND state IN (\(allowed))
                        """,
                    arguments: [
                        state.rawValue, now, message, state.rawValue, now, state.rawValue, now, state.rawValue, now, campaign, state.rawValue,
                    ])
                guard db.changesCount > 0 else { return false }
                try db.execute(
                    sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, ?, ?)",
                    arguments: [now, "campaign.\(state.rawValue)", "Campaign/\(campaign)", message])
                return true
            }
        }
    }
}
