import Foundation

/// Something that happened to a sender, for logs, status and alerts.
public enum SenderEvent: Sendable, Hashable {
    /// The sender was paused.
    case paused(sender: String, pause: SenderPause)
    /// The sender came back, by itself after probation or because a person resumed it.
    case resumed(sender: String, automatically: Bool)
    /// A rate limit or outage holds the sender back.
    case backedOff(sender: String, until: Date, reason: String)
    /// The provider flagged the sender for spam-like volume: its quotas are cut for a while.
    case slowedDown(sender: String, slowdown: QuotaSlowdown)
    /// A rate limit or outage holds back every sender of an application.
    case applicationHeld(application: String, until: Date, reason: String)
}
