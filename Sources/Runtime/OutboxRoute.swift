import Scheduler

/// How the messages of one resource are dispatched: which senders may send them, whether
/// they are prompt conversation replies or paced business traffic, and what becomes of a
/// message cut off mid-send.
public struct OutboxRoute: Sendable, Hashable {
    /// Conversation (flow steps, auto-replies) or business (campaigns, broadcasts, manual
    /// sends) traffic, with the pacing and the campaign whose schedule applies.
    public var traffic: Candidate.Traffic
    /// The senders that may send the resource's messages, in order of preference on ties.
    public var allowedSenders: [String]
    /// The resource's `resendUnknown`: a message that may or may not have gone out (a
    /// crash mid-send, an unclassified answer) is sent again instead of left `unknown`.
    public var resendsUnknown: Bool
    /// A campaign's schedule (start, opening hours, daily cap); nil for other resources
    /// (and for a campaign that may send at any time).
    public var schedule: SendingSchedule?

    /// Creates a route.
    public init(traffic: Candidate.Traffic, allowedSenders: [String], resendsUnknown: Bool = false, schedule: SendingSchedule? = nil) {
        self.traffic = traffic
        self.allowedSenders = allowedSenders
        self.resendsUnknown = resendsUnknown
        self.schedule = schedule
    }

    /// Whether the resource's messages are conversation replies.
    public var isConversation: Bool {
        if case .conversation = traffic { return true }
        return false
    }
}
