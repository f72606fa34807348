import Foundation

/// A sender's connection, health and pause, as the store keeps them (`sender_status`).
public struct SenderHealth: Sendable, Hashable, Codable {
    /// `unknown`, `connecting`, `waiting-for-scan`, `connected` or `disconnected`.
    public var connection: String
    /// 0...100: +1 per success, -5 per failure; below 50 the sender is not picked.
    public var health: Int
    public var consecutiveFailures: Int
    /// Whether the sender is paused (after 10 consecutive failures, or by hand).
    public var paused: Bool
    /// Why it is paused.
    public var pausedReason: String?
    /// When it last sent.
    public var lastUsedAt: Date?

    public init(connection: String, health: Int, consecutiveFailures: Int, paused: Bool, pausedReason: String? = nil, lastUsedAt: Date? = nil) {
        self.connection = connection
        self.health = health
        self.consecutiveFailures = consecutiveFailures
        self.paused = paused
        self.pausedReason = pausedReason
        self.lastUsedAt = lastUsedAt
    }
}
