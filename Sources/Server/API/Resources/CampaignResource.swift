import Foundation

/// A campaign as `/api/campaigns` shows it: the state git asks for next to the actual one.
public struct CampaignResource: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    /// `draft`, `running` or `paused`: what the files ask for.
    public var desiredState: String
    /// The actual state (`draft`, `scheduled`, `running`, `paused`, `completed`, `failed`,
    /// `cancelled`); nil before the first apply.
    public var state: String?
    /// The senders it may use, in order.
    public var senders: [String]
    public var message: MessageSummary
    /// Recorded contacts, whatever their status.
    public var contacts: Int
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        name: String, description: String? = nil, desiredState: String, state: String?, senders: [String], message: MessageSummary, contacts: Int,
        startedAt: Date? = nil, finishedAt: Date? = nil
    ) {
        self.name = name
        self.description = description
        self.desiredState = desiredState
        self.state = state
        self.senders = senders
        self.message = message
        self.contacts = contacts
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}
