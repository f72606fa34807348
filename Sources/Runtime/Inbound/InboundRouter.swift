import Foundation
import Manifest
import Store

/// Where every inbound message goes, in order: an opt-out or opt-in word is recorded
/// and confirmed; anything else goes to the flows (a waiting execution, then keyword
/// triggers, then the catch-all flow); a message no flow takes may get an auto-reply.
///
/// Replies are queued in the outbox like every other message, as conversation replies on
/// the sender the contact wrote to (confirmations under the names `opt-out` and `opt-in`);
/// their dedupe keys carry the inbound message's provider id, so a webhook delivered
/// twice queues nothing twice.
public struct InboundRouter: Sendable {
    /// What happened to a message.
    public enum Outcome: Sendable, Hashable {
        /// The contact opted out (and was told so).
        case optedOut
        /// The contact opted back in (and was told so).
        case optedIn
        /// The flows took it (see the runner's disposition).
        case flow(InboundDisposition)
        /// No flow took it; auto-reply `name` answers at `sendAt`.
        case autoReply(name: String, sendAt: Date)
        /// Nothing answers it.
        case unanswered
    }

    /// What the engine answers to an opt-out.
    public static let optOutConfirmation = "You will not receive further messages from us. Reply START to subscribe again."
    /// What the engine answers to an opt-in.
    public static let optInConfirmation = "You are subscribed again. Reply STOP to stop receiving messages."

    private let runner: FlowRunner
    private let store: SQLiteStore
    private let consent: ConsentWords
    private let autoReplies: AutoReplyPolicy

    /// A router for `configuration`, over the runner and the store it writes to.
    public init(configuration: Configuration, runner: FlowRunner, store: SQLiteStore) {
        self.runner = runner
        self.store = store
        self.consent = ConsentWords(configuration.settings)
        self.autoReplies = AutoReplyPolicy(autoReplies: configuration.autoReplies, settings: configuration.settings)
    }

    /// Handles one inbound message; with `awaitingCalls` false, the HTTP calls of the
    /// flow steps it caused go on after this returns (see ``FlowRunner/handle(_:awaitingCalls:afterCalls:)``).
    public func handle(
        _ message: ReceivedMessage, awaitingCalls: Bool = true, afterCalls: @escaping @Sendable (RuntimeError?) -> Void = { _ in }
    ) async throws -> Outcome {
        if let consent = consent.consent(in: message.text) {
            let optOut = consent == .optOut
            let reply = try Self.textMessage(
                optOut ? Self.optOutConfirmation : Self.optInConfirmation, key: "consent:\(message.providerMessageID)", to: message,
                origin: optOut ? "opt-out" : "opt-in", at: message.receivedAt, kind: .autoReply)
            try store.setSuppressed(optOut, phone: message.contactPhone, reason: "replied \(message.text.prefix(40))", confirmation: reply)
            return optOut ? .optedOut : .optedIn
        }
        let disposition = try await runner.handle(message, awaitingCalls: awaitingCalls, afterCalls: afterCalls)
        guard case .noMatch = disposition else { return .flow(disposition) }
        let store = store, recipient = message.contactPhone
        var lookupError: StoreError?
        let answer = autoReplies.answer(sender: message.sender, at: message.receivedAt) { name in
            do throws(StoreError) {
                return try store.lastAutoReply(name, to: recipient)
            } catch {
                lookupError = error
                return nil
            }
        }
        if let lookupError { throw lookupError }
        guard let answer else { return .unanswered }
        try store.enqueue([
            Self.textMessage(
                answer.message, key: "auto-reply:\(answer.autoReply):\(message.providerMessageID)", to: message, origin: answer.autoReply,
                at: answer.sendAt, kind: .autoReply)
        ])
        return .autoReply(name: answer.autoReply, sendAt: answer.sendAt)
    }

    /// A text reply to `message`'s contact from the sender it wrote to.
    private static func textMessage(
        _ text: String, key: String, to message: ReceivedMessage, origin: String, at date: Date, kind: OutboxOrigin.Kind
    ) throws -> NewOutboxMessage {
        try NewOutboxMessage(
            dedupeKey: key, recipient: message.contactPhone, origin: OutboxOrigin(kind: kind, name: origin), message: OutboxPayload(text: text),
            sender: message.sender, notBefore: date)
    }
}
