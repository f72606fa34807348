import Manifest

/// A flow whose trigger matched a message.
public struct TriggerMatch: Sendable, Hashable {
    /// The flow's name.
    public var flow: String
    /// The program version a new execution starts on.
    public var version: String
    /// The keyword (or pattern) that matched, as written.
    public var keyword: String
    /// How it matched.
    public var match: Trigger.Match
}

/// What to do with an inbound message; see ``TriggerIndex/route(_:active:)``.
public enum Route: Sendable, Hashable {
    /// Feed the message to the contact's active execution.
    case resume
    /// Start the matched flow; with `interrupting`, first end the active execution with
    /// ``EndReason/interrupted`` (``Interpreter/end(_:reason:now:)``).
    case start(TriggerMatch, interrupting: Bool)
    /// Start the sender's catch-all flow.
    case catchAll(flow: String, version: String)
    /// Nothing in this module handles the message (auto-replies may).
    case noMatch
}
