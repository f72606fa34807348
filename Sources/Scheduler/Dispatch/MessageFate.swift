import Foundation

/// What becomes of a message after its send's outcome.
public enum MessageFate: Sendable, Hashable {
    /// The provider took it.
    case sent
    /// Back in the outbox, not before `at`.
    case retry(at: Date, reason: String)
    /// Failed for good.
    case failed(code: String, reason: String)
    /// May or may not have gone out: marked unknown, not resent unless the resource asks.
    case unknown(code: String, reason: String)
}

/// What handling an outcome produced: the message's fate and what happened to senders.
public struct OutcomeResult: Sendable, Hashable {
    /// The message's fate.
    public var fate: MessageFate
    /// Pauses, backoffs and slowdowns the outcome caused.
    public var events: [SenderEvent]

    /// Creates a result.
    public init(fate: MessageFate, events: [SenderEvent] = []) {
        self.fate = fate
        self.events = events
    }
}
