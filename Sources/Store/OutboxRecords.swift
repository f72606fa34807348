import Foundation

/// Where an outbox row stands.
///
/// `queued → sending → sent → delivered → read`, or `failed`, `cancelled`, `unknown`.
/// A row is `sending` only while a dispatcher holds it; one found so at start-up was cut
/// off mid-send and becomes `unknown`.
public enum OutboxState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a sender (new, or back after a rate limit).
    case queued
    /// Claimed by a dispatcher, which hands it to the transport.
    case sending
    /// The provider took it.
    case sent
    /// It reached the contact's phone.
    case delivered
    /// The contact opened it.
    case read
    /// It will not go out (or the provider reported it undeliverable).
    case failed
    /// Withdrawn before it was sent.
    case cancelled
    /// It may or may not have gone out: the send was cut off.
    case unknown

    /// How far a message got, for delivery statuses that arrive out of order: a status
    /// never moves a row back. Nil for states that statuses do not move.
    var deliveryRank: Int? {
        switch self {
        case .sent: 1
        case .delivered: 2
        case .read: 3
        default: nil
        }
    }
}

/// What put a message in the outbox: the resource kind and name it came from.
public struct OutboxOrigin: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of resources that send.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A campaign's message to one of its contacts (paced business traffic).
        case campaign
        /// A broadcast list's send to one of its members (paced business traffic).
        case broadcast
        /// A flow step's message (a conversation reply).
        case flow
        /// An auto-reply (a conversation reply).
        case autoReply = "auto-reply"
        /// A message enqueued by hand (paced business traffic).
        case manual
    }

    /// The resource kind.
    public var kind: Kind
    /// The resource name (for `manual`, whatever the caller names the source).
    public var name: String

    /// Creates an origin.
    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// `kind/name`.
    public var description: String { "\(kind.rawValue)/\(name)" }
}

/// A message to put in the outbox.
public struct NewOutboxMessage: Sendable, Hashable {
    /// Unique per message forever (`campaign/spring/+15550100001`): enqueueing the same
    /// key again is a no-op, whatever became of the first row.
    public var dedupeKey: String
    /// The contact, E.164.
    public var recipient: String
    /// What sent it.
    public var origin: OutboxOrigin
    /// The message as JSON.
    public var payload: Data
    /// The sender the conversation is on, for replies; nil lets the dispatcher choose.
    public var sender: String?
    /// Not before this instant; nil for as soon as possible.
    public var notBefore: Date?
    /// Business traffic sent without pacing (`engine send --burst`): no pacing pause,
    /// spreading or typing, but every quota window, the throughput cap and the pair limit
    /// still apply. Conversation replies are never paced, so it changes nothing for them.
    public var isBurst: Bool

    /// Creates a message to enqueue.
    public init(
        dedupeKey: String, recipient: String, origin: OutboxOrigin, payload: Data, sender: String? = nil, notBefore: Date? = nil,
        isBurst: Bool = false
    ) {
        self.dedupeKey = dedupeKey
        self.recipient = recipient
        self.origin = origin
        self.payload = payload
        self.sender = sender
        self.notBefore = notBefore
        self.isBurst = isBurst
    }
}

/// What enqueueing one message did.
public struct EnqueuedMessage: Sendable, Hashable {
    /// The row's id: the new row, or the one that already had the dedupe key.
    public var id: Int64
    /// false when the dedupe key was taken and nothing was written.
    public var isNew: Bool

    /// Creates a result.
    public init(id: Int64, isNew: Bool) {
        self.id = id
        self.isNew = isNew
    }
}

/// An outbox row as the dispatcher reads it.
public struct OutboxRecord: Sendable, Hashable {
    /// The row's id.
    public var id: Int64
    /// The key that makes enqueueing the message again a no-op.
    public var dedupeKey: String
    /// The sender chosen at the last claim, or the conversation's sender for replies.
    public var sender: String?
    /// The contact, E.164.
    public var recipient: String
    /// What sent it.
    public var origin: OutboxOrigin
    /// The message as JSON.
    public var payload: Data
    /// Where it stands.
    public var state: OutboxState
    /// Claims so far: the number of the current attempt while `sending`.
    public var attempts: Int
    /// Not sent before this instant.
    public var notBefore: Date
    /// The provider's id once it took the message; statuses name it.
    public var providerMessageID: String?
    /// The last failure's code (the provider's, or a dotted local one).
    public var errorCode: String?
    /// The last failure's explanation.
    public var error: String?
    /// The instant the dispatcher counted the last send in its sender's quota.
    public var sentAt: Date?
    /// When it was enqueued.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date
    /// Whether it skips pacing (``NewOutboxMessage/isBurst``).
    public var isBurst: Bool

    /// Creates a row value.
    public init(
        id: Int64, dedupeKey: String, sender: String?, recipient: String, origin: OutboxOrigin, payload: Data, state: OutboxState, attempts: Int,
        notBefore: Date, providerMessageID: String? = nil, errorCode: String? = nil, error: String? = nil, sentAt: Date? = nil,
        createdAt: Date, updatedAt: Date, isBurst: Bool = false
    ) {
        self.id = id; self.dedupeKey = dedupeKey; self.sender = sender; self.recipient = recipient; self.origin = origin
        self.payload = payload; self.state = state; self.attempts = attempts; self.notBefore = notBefore
        self.providerMessageID = providerMessageID; self.errorCode = errorCode; self.error = error; self.sentAt = sentAt
        self.createdAt = createdAt; self.updatedAt = updatedAt; self.isBurst = isBurst
    }
}

/// Which queued rows to read: one resource, or every resource of a kind.
public struct OutboxSelection: Sendable, Hashable {
    /// The resource kind.
    public var kind: OutboxOrigin.Kind
    /// The resource name; nil for every resource of `kind`.
    public var name: String?

    /// Creates a selection.
    public init(kind: OutboxOrigin.Kind, name: String? = nil) {
        self.kind = kind
        self.name = name
    }
}

/// A row handed to a sender: written in one transaction before the transport sees it.
public struct OutboxClaim: Sendable, Hashable {
    /// The row.
    public var id: Int64
    /// The sender chosen.
    public var sender: String
    /// The instant the dispatcher counts the send at in the sender's quota windows (the
    /// send log's `sent_at`): the transport is never called before it.
    public var countedAt: Date
    /// When the claim is written.
    public var at: Date
    /// The sender's pacing after this message was decided, written with the claim; nil
    /// leaves the sender's row alone.
    public var senderPacing: SenderPacing?
    /// The row as the caller read it while it was queued, if it did: the claimed row is
    /// then this one with the claim's changes, not read back. Only the claim changes a
    /// queued row's columns, so nothing else can have moved since.
    public var queued: OutboxRecord?

    /// Creates a claim.
    public init(id: Int64, sender: String, countedAt: Date, at: Date, senderPacing: SenderPacing? = nil, queued: OutboxRecord? = nil) {
        self.id = id
        self.sender = sender
        self.countedAt = countedAt
        self.at = at
        self.senderPacing = senderPacing
        self.queued = queued
    }
}

/// A failure as an outbox row keeps it.
public struct OutboxError: Sendable, Hashable {
    /// The provider's code verbatim, or a dotted local one (`outbox.interrupted`).
    public var code: String
    /// What happened.
    public var reason: String

    /// Creates an error record.
    public init(code: String, reason: String) {
        self.code = code
        self.reason = reason
    }
}

/// The result of a claimed send, written in one transaction: the row, its campaign
/// contact, the sender's status and the history lines.
public struct OutboxSettlement: Sendable, Hashable {
    /// What became of the message.
    public enum Result: Sendable, Hashable {
        /// The provider took it.
        case sent(providerMessageID: String)
        /// Back to `queued`, not before the date; the error says why.
        case retry(notBefore: Date, error: OutboxError)
        /// Failed for good.
        case failed(OutboxError)
        /// May or may not have gone out.
        case unknown(OutboxError)
    }

    /// The claimed row.
    public var id: Int64
    /// What became of it.
    public var result: Result
    /// The sender's status after the outcome; nil leaves it alone.
    public var senderStatus: SenderDispatchStatus?
    /// History lines (pauses, backoffs).
    public var events: [EventRecord]
    /// When the outcome arrived.
    public var at: Date
    /// Where the row came from, when the caller knows: only a campaign's rows have a
    /// contact row to move along; nil looks for one.
    public var origin: OutboxOrigin?

    /// Creates a settlement.
    public init(
        id: Int64, result: Result, senderStatus: SenderDispatchStatus? = nil, events: [EventRecord] = [], at: Date, origin: OutboxOrigin? = nil
    ) {
        self.id = id
        self.result = result
        self.senderStatus = senderStatus
        self.events = events
        self.at = at
        self.origin = origin
    }
}

/// A delivery status to apply to the row the provider's id names.
public struct DeliveryUpdate: Sendable, Hashable {
    /// The id the provider gave when it accepted the message.
    public var providerMessageID: String
    /// `sent`, `delivered`, `read` or `failed`; other states are ignored.
    public var state: OutboxState
    /// Why it failed, for `failed`.
    public var error: OutboxError?
    /// When the status was received (or stamped by the provider).
    public var at: Date

    /// Creates an update.
    public init(providerMessageID: String, state: OutboxState, error: OutboxError? = nil, at: Date) {
        self.providerMessageID = providerMessageID
        self.state = state
        self.error = error
        self.at = at
    }
}

/// What applying a delivery status did.
public enum DeliveryUpdateResult: Sendable, Hashable {
    /// The row moved to the state.
    case applied(id: Int64, state: OutboxState)
    /// The row is as far or further already (statuses arrive out of order and twice), or
    /// final: nothing changed.
    case stale(id: Int64, state: OutboxState)
    /// No row has that provider id (yet: a status can overtake the send's own answer).
    case unknownMessage
}

/// What start-up recovery did with rows left in `sending` by a process that stopped.
public struct InterruptedSends: Sendable, Hashable {
    /// Rows marked `unknown`: they may have gone out and are not sent again.
    public var unknown: [Int64] = []
    /// Rows put back in the queue because their resource asks for `resendUnknown`.
    public var requeued: [Int64] = []

    /// Creates a report.
    public init(unknown: [Int64] = [], requeued: [Int64] = []) {
        self.unknown = unknown
        self.requeued = requeued
    }
}
