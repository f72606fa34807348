import Foundation

/// When contacts last wrote to each sender, as read from the store: valid while no new
/// inbound message is stored, which the inbox's newest id tells.
struct ServiceWindowCache: Sendable {
    /// The inbox's newest id when the entries were read; nil before the first read.
    var inboxWatermark: Int64?
    /// Each contact's last inbound message per sender.
    var lastInbound: [String: [String: Date]] = [:]
    /// Entries kept at most; the cache starts afresh beyond it.
    var capacity = 10_000
}
