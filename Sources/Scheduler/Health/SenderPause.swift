import Foundation

/// Why and until when a sender is out of every selection.
public struct SenderPause: Sendable, Hashable {
    /// What paused a sender.
    public enum Cause: String, Sendable, Hashable {
        /// Too many failures in a row.
        case consecutiveFailures = "consecutive-failures"
        /// Health fell below the threshold.
        case lowHealth = "low-health"
        /// The provider refused the sender itself (credentials, account, number).
        case senderFailure = "sender-failure"
        /// A person paused it.
        case manual
    }

    /// What paused it.
    public var cause: Cause
    /// What happened, for status and logs.
    public var reason: String
    /// When it was paused.
    public var since: Date
    /// When it resumes by itself on probation; nil until a person resumes it.
    public var resumesAt: Date?

    /// Creates a pause.
    public init(cause: Cause, reason: String, since: Date, resumesAt: Date?) {
        self.cause = cause
        self.reason = reason
        self.since = since
        self.resumesAt = resumesAt
    }
}
