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

    /// Moves `campaign` to `state` (`running` when its start came, `completed` when every
    /// contact has an outcome), recording when, and an event.
    public func setCampaignState(_ campaign: String, to state: CampaignState, message: String) throws(StoreError) {
        let now = self.now()
        try perform("moving campaign \(campaign) to \(state.rawValue)") {
            try writer.write { db in
                try db.execute(
                    sql: """
                        UPDATE campaigns SET state = ?, updated_at = ?,
                            started_at = CASE WHEN ? = 'running' THEN coalesce(started_at, ?) ELSE started_at END,
                            finished_at = CASE WHEN ? IN ('completed', 'failed') THEN ? ELSE finished_at END
                        WHERE name = ? AND state <> ?
                        """,
                    arguments: [state.rawValue, now, state.rawValue, now, state.rawValue, now, campaign, state.rawValue])
                guard db.changesCount > 0 else { return }
                try db.execute(
                    sql: "INSERT INTO events (at, kind, resource, message) VALUES (?, ?, ?, ?)",
                    arguments: [now, "campaign.\(state.rawValue)", "Campaign/\(campaign)", message])
            }
        }
    }
}
