import Foundation

/// A message handed to a sender by ``Dispatcher/decide(_:now:using:)``.
///
/// The dispatcher has already counted it: the send is in the sender's quota windows and
/// pair bucket at ``sendAt``, and the sender is busy until then.
public struct Assignment: Sendable, Hashable {
    /// The candidate's id.
    public var candidateID: String
    /// The sender chosen.
    public var sender: String
    /// The contact.
    public var recipient: String
    /// The campaign it counts for, if any.
    public var campaign: String?
    /// Whether it is paced business traffic.
    public var isBusiness: Bool
    /// When to start: show the typing indicator now, if any.
    public var startAt: Date
    /// How long to show the typing indicator.
    public var typing: Duration
    /// When to hand the message to the transport: `startAt + typing`.
    public var sendAt: Date

    /// Creates an assignment.
    public init(
        candidateID: String, sender: String, recipient: String, campaign: String?, isBusiness: Bool, startAt: Date, typing: Duration
    ) {
        self.candidateID = candidateID
        self.sender = sender
        self.recipient = recipient
        self.campaign = campaign
        self.isBusiness = isBusiness
        self.startAt = startAt
        self.typing = typing
        self.sendAt = startAt.addingTimeInterval(typing.timeInterval)
    }

    /// An assignment for `candidate`, typing for exactly the seconds the dispatcher counted.
    init(_ candidate: Candidate, sender: String, startAt: Date) {
        self.init(
            candidateID: candidate.id, sender: sender, recipient: candidate.recipient, campaign: candidate.campaign,
            isBusiness: candidate.pacing != nil, startAt: startAt, typing: candidate.typingDuration)
        sendAt = startAt.addingTimeInterval(candidate.typingSeconds)
    }
}
