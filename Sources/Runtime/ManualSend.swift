import Foundation
import Manifest
import Store

/// Messages queued by hand, the one path `engine send` and the HTTP API's
/// `POST /api/messages` share: into the durable outbox with origin `manual`, keyed so a
/// retry never queues twice, contacts who opted out skipped.
///
/// The dispatcher sends them like any business message: within the senders' quotas,
/// paced, on any enabled sender.
public struct ManualSend: Sendable {
    /// One message to queue.
    public struct Message: Sendable, Hashable {
        /// The contact, E.164 (see ``ManualSend/recipient(_:defaultCountryCode:)``).
        public var recipient: String
        /// What to send.
        public var payload: OutboxPayload
        /// The outbox dedupe key: a second message with the same key queues nothing.
        public var dedupeKey: String
        /// The sender asked for; nil lets the dispatcher choose.
        public var sender: String?
        /// Sent without pacing pauses (never beyond the hard quotas).
        public var isBurst: Bool

        /// Creates a message.
        public init(recipient: String, payload: OutboxPayload, dedupeKey: String, sender: String? = nil, isBurst: Bool = false) {
            self.recipient = recipient
            self.payload = payload
            self.dedupeKey = dedupeKey
            self.sender = sender
            self.isBurst = isBurst
        }
    }

    /// What queueing one message did.
    public enum Outcome: Sendable, Hashable {
        /// A new outbox row.
        case queued(id: Int64)
        /// The dedupe key was queued before: nothing was written; the id is the first row's.
        case alreadyQueued(id: Int64)
        /// The contact is on the suppression list: nothing was written.
        case optedOut
    }

    /// The store the outbox lives in.
    public let store: SQLiteStore
    /// The origin name the rows carry (`engine send`, `api`), so they can be told apart.
    public let source: String

    /// Creates the path for rows named `source`.
    public init(store: SQLiteStore, source: String) {
        self.store = store
        self.source = source
    }

    /// Queues `messages` in one transaction (after reading the suppression list) and
    /// returns one outcome per message, in order.
    /// - Throws: ``StoreError`` when the store fails, ``RuntimeError`` when a payload cannot
    ///   be encoded; nothing is queued then.
    public func enqueue(_ messages: [Message]) throws -> [Outcome] {
        var isSuppressed: [Bool] = []
        for message in messages { isSuppressed.append(try store.isSuppressed(message.recipient)) }
        var rows: [NewOutboxMessage] = []
        for (message, suppressed) in zip(messages, isSuppressed) where !suppressed {
            rows.append(
                try NewOutboxMessage(
                    dedupeKey: message.dedupeKey, recipient: message.recipient, origin: OutboxOrigin(kind: .manual, name: source),
                    message: message.payload, sender: message.sender, isBurst: message.isBurst))
        }
        var results = try store.enqueue(rows).makeIterator()
        return isSuppressed.map { suppressed in
            if suppressed { return .optedOut }
            guard let result = results.next() else { preconditionFailure("the store returns one result per message enqueued") }
            return result.isNew ? .queued(id: result.id) : .alreadyQueued(id: result.id)
        }
    }

    /// The number in E.164, or nil when `text` is not a phone number. A number without a
    /// country code takes `defaultCountryCode` (Settings' `defaultCountryCode`).
    public static func recipient(_ text: String, defaultCountryCode: String?) -> String? {
        guard case .success(let phone) = PhoneNumber.normalize(text, defaultCountryCode: defaultCountryCode) else { return nil }
        return phone.e164
    }

    /// A key no other message has: a message sent without an idempotency key goes out
    /// every time it is asked for.
    public static func uniqueDedupeKey() -> String { "manual:\(UUID().uuidString)" }

    /// The key of a client's idempotency key: asking again with the same key queues
    /// nothing new, whoever asks and whatever the message.
    public static func dedupeKey(idempotencyKey: String) -> String { "manual:key:\(idempotencyKey)" }

    /// The key of a CSV row: the file's content digest and the row's number, so the same
    /// file queues nothing twice.
    public static func dedupeKey(fileDigest: String, recipient: String) -> String { "manual:\(fileDigest):\(recipient)" }
}
