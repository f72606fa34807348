import Foundation

/// What ``EngineAPI`` reads and writes, implemented by the daemon over its configuration
/// and store (and by tests over plain values).
///
/// Every method may block on the store: an implementation keeps such work off Swift's
/// cooperative pool (the daemon's runs on a thread of its own). Lookups by name answer
/// nil for a resource the configuration does not declare; the API turns that into 404.
/// A thrown ``APIError`` reaches the client as it is (a 400 naming the field, say); any
/// other error becomes a 500 whose message is logged, not shown.
public protocol EngineAPIDataSource: Sendable {
    /// Every sender, by name.
    func senders() async throws -> [SenderResource]
    /// The sender called `name`.
    func sender(named name: String) async throws -> SenderResource?
    /// The sender's messages by state, quota use and health.
    func senderStats(named name: String) async throws -> SenderStats?
    /// Whether the sender waits for its QR code to be scanned, and the code's value.
    func pairingCode(sender name: String) async throws -> PairingCode

    /// Every campaign, by name.
    func campaigns() async throws -> [CampaignResource]
    /// The campaign called `name`.
    func campaign(named name: String) async throws -> CampaignResource?
    /// The campaign's progress.
    func campaignStats(named name: String) async throws -> CampaignStats?

    /// Every broadcast list, by name.
    func broadcasts() async throws -> [BroadcastResource]
    /// The broadcast list called `name`.
    func broadcast(named name: String) async throws -> BroadcastResource?

    /// Every flow, by name.
    func flows() async throws -> [FlowResource]
    /// A page of the flow's executions, newest first; nil for an unknown flow.
    func flowExecutions(flow: String, status: String?, beforeID: Int64?, limit: Int) async throws -> FlowExecutionPage?

    /// Every auto-reply, by name.
    func autoReplies() async throws -> [AutoReplyResource]

    /// A page of outbox messages matching `query`, newest first.
    func messages(_ query: MessageQuery) async throws -> MessagePage

    /// The applied and attempted revisions and the current diagnostics.
    func revisionStatus() async throws -> RevisionStatus

    /// Queues `requests` through the outbox, all or nothing: a request that cannot be
    /// queued (a number that is not one, an unknown sender) throws an ``APIError``
    /// naming its field before anything is written.
    func send(_ requests: [SendRequest]) async throws -> [SendResult]

    /// The store's figures `/metrics` shows as gauges, read at scrape time.
    func metricsSnapshot() async throws -> MetricsSnapshot
}

/// A sender's pairing state, for `/api/senders/{name}/qr`.
public enum PairingCode: Sendable, Hashable {
    /// The configuration has no such sender.
    case unknownSender
    /// Nothing to scan; `reason` says why (another transport, already connected, ...).
    case notPending(reason: String)
    /// The raw value of the QR code to scan now (it rotates about every 20 seconds).
    case pending(String)
}
