import Foundation
import Server
import Synchronization

/// A data source over fixed values that records what the API asked of it.
final class StubDataSource: EngineAPIDataSource {
    struct Calls {
        var messageQueries: [MessageQuery] = []
        var sends: [[SendRequest]] = []
        var executionQueries: [(flow: String, status: String?, beforeID: Int64?, limit: Int)] = []
    }

    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let health = SenderHealth(connection: "connected", health: 95, consecutiveFailures: 0, paused: false, lastUsedAt: now)
    static let sender = SenderResource(
        name: "sales-1", transport: "simulator", phone: "+15550100001", enabled: true,
        quota: SenderResource.Quota(perMinute: 20, perHour: 500, perDay: 5000), status: health)
    static let gatewaySender = SenderResource(
        name: "wa", transport: "gateway", phone: "+15550100002", enabled: true,
        quota: SenderResource.Quota(perMinute: 20, perHour: 500, perDay: 5000),
        status: SenderHealth(connection: "waiting-for-scan", health: 100, consecutiveFailures: 0, paused: true, pausedReason: "needs its QR code"))
    static let campaign = CampaignResource(
        name: "spring", description: "Spring sale", desiredState: "running", state: "running", senders: ["sales-1"],
        message: MessageSummary(text: "Hi <<contact.name>>"), contacts: 3, startedAt: now)
    static let broadcast = BroadcastResource(
        name: "vip", sender: "sales-1", batchSize: 256, batchPauseSeconds: 10,
        sends: [
            BroadcastResource.Send(
                id: "launch", started: true, message: MessageSummary(template: TemplateReference(name: "launch", language: "en_US")))
        ], messages: ["queued": 1, "sent": 2])
    static let flow = FlowResource(
        name: "hi", active: true, senders: nil, triggers: [FlowResource.Trigger(match: "word", keywords: ["hi"])], start: "a", nodes: ["a"],
        version: "0123456789ab", activeExecutions: 1)
    static let execution = FlowExecutionResource(
        id: 7, flow: "hi", version: "0123456789ab", sender: "sales-1", contact: "+15550109001", status: "ended", steps: 2, startedAt: now,
        updatedAt: now, endedReason: "end")
    static let autoReply = AutoReplyResource(
        name: "away", active: true, senders: ["sales-1"], when: "outside-business-hours", message: "Back soon", delaySeconds: 2, cooldownSeconds: 3600
    )
    static let message = MessageResource(
        id: 12, sender: "sales-1", recipient: "+15550109001", origin: MessageResource.Origin(kind: "campaign", name: "spring"), state: "failed",
        attempts: 1, content: ["text": "Hi Ann"], notBefore: now, error: MessageResource.Failure(code: "131026", message: "undeliverable"),
        sentAt: now, createdAt: now, updatedAt: now)
    static let revision = RevisionStatus(
        appliedRevision: "abc123", appliedAt: now, attemptedRevision: "def456+dirty", attemptedAt: now, outcome: "invalid",
        summary: "2 errors",
        diagnostics: [
            ConfigDiagnostic(
                file: "flows/hi.yaml", line: 4, column: 7, severity: "error", code: "flow.unknown-node", message: "node 'a' goes to 'b'",
                help: "did you mean 'a'?")
        ])

    private let state = Mutex(Calls())
    /// Numbers that opted out.
    let optedOut: Set<String>
    /// What `pairingCode` answers.
    let pairing: PairingCode
    /// What `send` and `metricsSnapshot` throw, when set.
    let failure: (any Error & Sendable)?

    init(optedOut: Set<String> = [], pairing: PairingCode = .pending("2@AbCdEf,ghIJkl=="), failure: (any Error & Sendable)? = nil) {
        self.optedOut = optedOut
        self.pairing = pairing
        self.failure = failure
    }

    var calls: Calls { state.withLock { $0 } }

    func senders() -> [SenderResource] { [Self.sender, Self.gatewaySender] }
    func sender(named name: String) -> SenderResource? { senders().first { $0.name == name } }
    func senderStats(named name: String) -> SenderStats? {
        guard name == Self.sender.name else { return nil }
        return SenderStats(
            name: name, messages: ["queued": 2, "sent": 5],
            quota: [QuotaWindowUse(window: "minute", used: 3, limit: 20), QuotaWindowUse(window: "hour", used: 30, limit: 500)], status: Self.health)
    }
    func pairingCode(sender name: String) -> PairingCode {
        guard sender(named: name) != nil else { return .unknownSender }
        return name == Self.gatewaySender.name ? pairing : .notPending(reason: "it uses the simulator transport")
    }
    func campaigns() -> [CampaignResource] { [Self.campaign] }
    func campaign(named name: String) -> CampaignResource? { name == "spring" ? Self.campaign : nil }
    func campaignStats(named name: String) -> CampaignStats? {
        guard name == "spring" else { return nil }
        return CampaignStats(
            name: name, state: "running", contacts: ["pending": 0, "queued": 1, "sent": 2], messages: ["queued": 1, "sent": 2], total: 3, done: 2,
            sentLastHour: 2, sentLastDay: 2, lastSentAt: Self.now, estimatedCompletion: Self.now)
    }
    func broadcasts() -> [BroadcastResource] { [Self.broadcast] }
    func broadcast(named name: String) -> BroadcastResource? { name == "vip" ? Self.broadcast : nil }
    func flows() -> [FlowResource] { [Self.flow] }
    func flowExecutions(flow: String, status: String?, beforeID: Int64?, limit: Int) -> FlowExecutionPage? {
        state.withLock { $0.executionQueries.append((flow, status, beforeID, limit)) }
        guard flow == "hi" else { return nil }
        return FlowExecutionPage(executions: [Self.execution], nextCursor: "7")
    }
    func autoReplies() -> [AutoReplyResource] { [Self.autoReply] }
    func messages(_ query: MessageQuery) -> MessagePage {
        state.withLock { $0.messageQueries.append(query) }
        return MessagePage(messages: [Self.message], nextCursor: "12")
    }
    func revisionStatus() -> RevisionStatus { Self.revision }

    /// Queues nothing: a request whose key was seen before is a duplicate, an opted-out
    /// number is skipped, anything else gets the next id.
    func send(_ requests: [SendRequest]) throws -> [SendResult] {
        if let failure { throw failure }
        return state.withLock { calls in
            var seen = Set(calls.sends.joined().compactMap(\.idempotencyKey))
            var results: [SendResult] = []
            for request in requests {
                if optedOut.contains(request.to) {
                    results.append(SendResult(outcome: .optedOut, id: nil, to: request.to))
                } else if let key = request.idempotencyKey, !seen.insert(key).inserted {
                    results.append(SendResult(outcome: .duplicate, id: 1, to: request.to))
                } else {
                    results.append(SendResult(outcome: .queued, id: Int64(100 + results.count), to: request.to))
                }
            }
            calls.sends.append(requests)
            return results
        }
    }

    func metricsSnapshot() throws -> MetricsSnapshot {
        if let failure { throw failure }
        return MetricsSnapshot(
            messages: [
                MetricsSnapshot.MessageCount(sender: "sales-1", state: "sent", count: 5),
                MetricsSnapshot.MessageCount(sender: "", state: "queued", count: 2),
            ],
            outboxDepth: ["campaign": 2, "manual": 0],
            senders: [
                MetricsSnapshot.Sender(
                    name: "sales-1", quota: [QuotaWindowUse(window: "minute", used: 3, limit: 20)], health: 95, paused: false, connected: true)
            ])
    }
}

/// Counts the dispatcher's wake-ups.
final class WakeCounter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func wake() { count.withLock { $0 += 1 } }
}
