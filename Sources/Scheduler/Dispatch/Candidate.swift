import Foundation

/// A message ready to go out, as the dispatcher sees it.
public struct Candidate: Sendable, Hashable, Identifiable {
    /// What kind of traffic a message is, which decides whether it is paced.
    public enum Traffic: Sendable, Hashable {
        /// A reply in a conversation (a flow step, an auto-reply): goes out promptly,
        /// within the hard limits only, with no pacing, opening hours or typing.
        case conversation
        /// Business-initiated (a campaign, a broadcast, a bulk send): paced, spread, and,
        /// when `campaign` is set, within that campaign's schedule and daily cap. A message
        /// naming a campaign the dispatcher does not know (removed, or not yet added) is
        /// never sent rather than sent outside a schedule it cannot check.
        case business(campaign: String?, pacing: PacingRule)
        /// Business-initiated, sent as fast as the hard limits allow (`engine send --burst`):
        /// every quota window, the throughput cap and the pair limit apply, but no pacing
        /// pause, spreading, opening hours or typing. Its sends do not pace the business
        /// messages after it either.
        case burst
    }

    /// The outbox row's id.
    public var id: String
    /// The contact's number.
    public var recipient: String
    /// Conversation or business traffic.
    public var traffic: Traffic
    /// Senders that may send it, by name; the resource's senders.
    public var allowedSenders: [String]
    /// The sender the contact spoke to last, which keeps the conversation when it can.
    ///
    /// It wins when it is among `allowedSenders` and selectable (enabled, connected, not
    /// paused, healthy): then the message waits for it even when it is out of quota or
    /// backing off, so a contact does not hear from a second number mid-conversation.
    /// When it is not selectable, any allowed sender takes the message.
    public var stickySender: String?
    /// Not before this instant (a delayed reply, a retry).
    public var notBefore: Date?
    /// The text's length in characters, for the typing indicator of paced traffic.
    public var characterCount: Int

    /// Creates a candidate.
    public init(
        id: String, recipient: String, traffic: Traffic, allowedSenders: [String], stickySender: String? = nil, notBefore: Date? = nil,
        characterCount: Int = 0
    ) {
        self.id = id
        self.recipient = recipient
        self.traffic = traffic
        self.allowedSenders = allowedSenders
        self.stickySender = stickySender
        self.notBefore = notBefore
        self.characterCount = characterCount
    }

    /// The campaign whose schedule applies, if any.
    public var campaign: String? {
        if case .business(let campaign, _) = traffic { return campaign }
        return nil
    }

    /// The pacing of business traffic; nil for conversations.
    public var pacing: PacingRule? {
        if case .business(_, let pacing) = traffic { return pacing }
        return nil
    }

    /// How long the typing indicator shows before this message goes out.
    public var typingDuration: Duration {
        pacing?.typingDuration(forCharacters: characterCount) ?? .zero
    }

    /// ``typingDuration`` in seconds, as the dispatcher counts it.
    var typingSeconds: Double {
        guard case .business(_, let pacing) = traffic else { return 0 }
        return pacing.typing?.seconds(forCharacters: characterCount) ?? 0
    }
}
