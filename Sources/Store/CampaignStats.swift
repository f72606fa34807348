import Foundation

/// How far a campaign got: its contacts counted by where their message stands, with the
/// failures broken down by reason. What `engine status` and `GET /api/campaigns/{name}/stats`
/// show.
///
/// `sent`, `delivered` and `read` are a funnel: a read message counts in all three, a
/// delivered one in the first two. The other counts are exclusive, so `pending + queued +
/// sending + sent + failed + optedOut + skipped + unknown == contacts`.
public struct CampaignStats: Sendable, Hashable, Codable {
    /// The number of failed messages with one error code.
    public struct Failure: Sendable, Hashable, Codable {
        /// The provider's code verbatim (`131026`), or a dotted local one
        /// (`outbox.outside-service-window`).
        public var code: String
        /// Failed messages with that code.
        public var count: Int
        /// The explanation of the latest of them (explanations of one code may differ
        /// in details such as a number).
        public var reason: String

        /// Creates a failure count.
        public init(code: String, count: Int, reason: String) {
            self.code = code
            self.count = count
            self.reason = reason
        }
    }

    /// The campaign's name.
    public var campaign: String
    /// Its lifecycle state; nil when it was never applied (contacts alone are recorded).
    public var state: CampaignState?
    /// Why it is in that state when the engine moved it there (why it failed).
    public var stateReason: String?
    /// Contacts recorded.
    public var contacts: Int
    /// Recorded, their message not yet in the outbox (a draft or paused campaign).
    public var pending: Int
    /// In the outbox, waiting for a sender.
    public var queued: Int
    /// Handed to a sender, outcome not yet written.
    public var sending: Int
    /// Taken by the provider (and perhaps delivered and read since).
    public var sent: Int
    /// Delivered to the contact's phone (and perhaps read since).
    public var delivered: Int
    /// Read by the contact.
    public var read: Int
    /// Failed for good (refused by the provider, undeliverable, outside the
    /// customer-service window), broken down in ``failures``.
    public var failed: Int
    /// ``failed`` by error code, most frequent first (then by code).
    public var failures: [Failure]
    /// Not sent because the contact opted out (replied STOP) before it went out.
    public var optedOut: Int
    /// Not sent for another reason: removed from the list, or the campaign was stopped.
    public var skipped: Int
    /// Cut off mid-send by a crash: may or may not have gone out, not sent again.
    public var unknown: Int

    /// Creates stats; all zero by default.
    public init(
        campaign: String, state: CampaignState? = nil, stateReason: String? = nil, contacts: Int = 0, pending: Int = 0, queued: Int = 0,
        sending: Int = 0, sent: Int = 0, delivered: Int = 0, read: Int = 0, failed: Int = 0, failures: [Failure] = [], optedOut: Int = 0,
        skipped: Int = 0, unknown: Int = 0
    ) {
        self.campaign = campaign
        self.state = state
        self.stateReason = stateReason
        self.contacts = contacts
        self.pending = pending
        self.queued = queued
        self.sending = sending
        self.sent = sent
        self.delivered = delivered
        self.read = read
        self.failed = failed
        self.failures = failures
        self.optedOut = optedOut
        self.skipped = skipped
        self.unknown = unknown
    }
}
