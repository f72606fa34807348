/// What became of one message of a send request.
public struct SendResult: Sendable, Hashable, Codable {
    /// `queued` (a new message), `duplicate` (its idempotency key was used before: nothing
    /// new was queued) or `opted-out` (the contact is on the suppression list: skipped).
    public var outcome: Outcome
    /// The outbox row: the new one, or the first one with the key; nil when skipped.
    public var id: Int64?
    /// The recipient, E.164.
    public var to: String

    /// What the engine did with the message.
    public enum Outcome: String, Sendable, Hashable, Codable {
        case queued, duplicate
        case optedOut = "opted-out"
    }

    public init(outcome: Outcome, id: Int64?, to: String) {
        self.outcome = outcome
        self.id = id
        self.to = to
    }
}

/// The answer to `POST /api/messages/bulk`.
public struct BulkSendResult: Sendable, Hashable, Codable {
    public var queued: Int
    public var duplicates: Int
    public var optedOut: Int
    /// One result per message, in the request's order.
    public var results: [SendResult]

    public init(results: [SendResult]) {
        self.results = results
        queued = results.filter { $0.outcome == .queued }.count
        duplicates = results.filter { $0.outcome == .duplicate }.count
        optedOut = results.filter { $0.outcome == .optedOut }.count
    }
}
