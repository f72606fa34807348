import Foundation

/// An outbox row as `/api/messages` shows it.
public struct MessageResource: Sendable, Hashable, Codable {
    public var id: Int64
    /// The sender chosen at the last claim; nil while a business message waits for one.
    public var sender: String?
    /// The contact, E.164.
    public var recipient: String
    /// The resource that queued it.
    public var origin: Origin
    /// `queued`, `sending`, `sent`, `delivered`, `read`, `failed`, `cancelled` or `unknown`.
    public var state: String
    /// Claims so far.
    public var attempts: Int
    /// The message as queued: `text`, `template`, `media`, `buttons`, `list`.
    public var content: JSONValue
    /// Not sent before this instant.
    public var notBefore: Date
    /// The provider's id once it took the message.
    public var providerMessageId: String?
    /// The last failure.
    public var error: Failure?
    public var sentAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    /// What queued a message: a resource kind and name.
    public struct Origin: Sendable, Hashable, Codable {
        /// `campaign`, `broadcast`, `flow`, `auto-reply` or `manual`.
        public var kind: String
        public var name: String

        public init(kind: String, name: String) {
            self.kind = kind
            self.name = name
        }
    }

    /// A failure as the outbox keeps it.
    public struct Failure: Sendable, Hashable, Codable {
        /// The provider's code verbatim, or a dotted local one (`outbox.interrupted`).
        public var code: String?
        public var message: String?

        public init(code: String?, message: String?) {
            self.code = code
            self.message = message
        }
    }

    public init(
        id: Int64, sender: String?, recipient: String, origin: Origin, state: String, attempts: Int, content: JSONValue, notBefore: Date,
        providerMessageId: String? = nil, error: Failure? = nil, sentAt: Date? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.sender = sender
        self.recipient = recipient
        self.origin = origin
        self.state = state
        self.attempts = attempts
        self.content = content
        self.notBefore = notBefore
        self.providerMessageId = providerMessageId
        self.error = error
        self.sentAt = sentAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A page of messages, newest first.
public struct MessagePage: Sendable, Hashable, Codable {
    public var messages: [MessageResource]
    /// Pass as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?

    public init(messages: [MessageResource], nextCursor: String?) {
        self.messages = messages
        self.nextCursor = nextCursor
    }
}
