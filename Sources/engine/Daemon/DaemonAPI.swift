import Foundation
import Manifest
import Reconcile
import Runtime
import Server
import Store
import Transports

/// The HTTP API's data source in `engine run`: the configuration running (read through a
/// closure, so a reload shows at once) joined with the live state in the store.
///
/// An actor on a thread of its own: every store call blocks, and must not hold one of
/// the cooperative pool's few threads. Requests are answered one at a time.
actor DaemonAPI: EngineAPIDataSource {
    private nonisolated let executor = DedicatedThreadExecutor(name: "api-reader")
    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The configuration running now.
    let configuration: @Sendable () -> Configuration
    let store: SQLiteStore
    /// The gateway session of a sender, for its QR code; nil when it has none running.
    private let pairingSession: @Sendable (String) -> (any SenderSession)?
    /// `/api/status`: the revisions and the files' current diagnostics.
    private let status: @Sendable () throws -> RevisionStatus
    private let now: @Sendable () -> Date

    /// Creates the data source.
    ///
    /// - Parameters:
    ///   - configuration: the configuration running now; called on every request.
    ///   - pairingSession: the gateway transport of a sender, by name.
    ///   - revisionStatus: what `/api/status` answers; by default the store's last applied
    ///     and attempted revisions without diagnostics (``storedRevisionStatus(store:diagnostics:)``).
    init(
        configuration: @escaping @Sendable () -> Configuration, store: SQLiteStore,
        pairingSession: @escaping @Sendable (String) -> (any SenderSession)? = { _ in nil },
        revisionStatus: (@Sendable () throws -> RevisionStatus)? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.store = store
        self.pairingSession = pairingSession
        self.status = revisionStatus ?? { try Self.storedRevisionStatus(store: store) }
        self.now = now
    }

    /// The store's last applied and attempted revisions, with `diagnostics`.
    static func storedRevisionStatus(store: SQLiteStore, diagnostics: [ConfigDiagnostic] = []) throws -> RevisionStatus {
        let revisions = try store.lastRevisions()
        return RevisionStatus(applied: revisions.applied, attempted: revisions.attempted, diagnostics: diagnostics)
    }

    // MARK: Senders

    func senders() throws -> [SenderResource] {
        let statuses = try store.senderStatuses()
        return configuration().senders.sorted { $0.header.name < $1.header.name }.map { Self.resource($0, status: statuses[$0.header.name]) }
    }

    func sender(named name: String) throws -> SenderResource? {
        guard let sender = configuration().senders.first(where: { $0.header.name == name }) else { return nil }
        return Self.resource(sender, status: try store.senderStatuses()[name])
    }

    func senderStats(named name: String) throws -> SenderStats? {
        guard let sender = configuration().senders.first(where: { $0.header.name == name }) else { return nil }
        var messages = Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0.rawValue, 0) })
        for count in try store.outboxStateCounts() where count.sender == name {
            messages[count.state.rawValue] = count.count
        }
        let sent = try store.sendCounts(since: Self.windowCutoffs(now()))[name] ?? []
        return SenderStats(
            name: name, messages: messages, quota: Self.quotaUse(sender.quota, sent: sent),
            status: SenderHealth(try store.senderStatuses()[name] ?? SenderStatus(name: name)))
    }

    func pairingCode(sender name: String) async -> PairingCode {
        guard let sender = configuration().senders.first(where: { $0.header.name == name }) else { return .unknownSender }
        guard sender.transport == .gateway else {
            return .notPending(reason: "it uses the \(sender.transport.rawValue) transport; only WhatsApp Web gateway senders pair with a QR code")
        }
        guard let session = pairingSession(name) else {
            return .notPending(reason: sender.isEnabled ? "its transport is not running" : "it is disabled")
        }
        switch await session.connectionStatus() {
        case .pairingRequired(let code?): return .pending(code)
        case .pairingRequired(nil): return .notPending(reason: "the gateway asks for a scan but did not give its QR code; try again in a few seconds")
        case .connected: return .notPending(reason: "it is connected already")
        case .connecting: return .notPending(reason: "its session is starting; try again in a few seconds")
        case .unauthorized(let reason), .disconnected(let reason), .unreachable(let reason): return .notPending(reason: reason)
        }
    }

    // MARK: Campaigns

    func campaigns() throws -> [CampaignResource] {
        let live = try store.snapshot().campaigns
        let progress = try store.campaignProgress()
        return configuration().campaigns.sorted { $0.header.name < $1.header.name }.map { campaign in
            Self.resource(campaign, live: live[campaign.header.name], contacts: progress[campaign.header.name]?.values.reduce(0, +) ?? 0)
        }
    }

    func campaign(named name: String) throws -> CampaignResource? {
        guard let campaign = configuration().campaigns.first(where: { $0.header.name == name }) else { return nil }
        let counts = try store.campaignCounts(name)
        return Self.resource(campaign, live: try store.snapshot().campaigns[name], contacts: counts.contacts.values.reduce(0, +))
    }

    func campaignStats(named name: String) throws -> Server.CampaignStats? {
        let configuration = configuration()
        guard let campaign = configuration.campaigns.first(where: { $0.header.name == name }) else { return nil }
        let now = now()
        let live = try store.snapshot().campaigns
        let counts = try store.campaignCounts(name, sentSince: [now - 3_600, now - 86_400])
        let stats = try store.campaignStats(name: name)
        let total = counts.contacts.values.reduce(0, +)
        let unsent = (counts.contacts[.pending] ?? 0) + (counts.contacts[.queued] ?? 0)
        let state = live[name]?.state
        let estimate =
            state == .running || state == .scheduled
            ? CompletionEstimate(configuration: configuration, now: now).finish(of: campaign, messages: unsent, liveCampaigns: live) : nil
        return Server.CampaignStats(
            name: name, state: state?.rawValue,
            contacts: Dictionary(uniqueKeysWithValues: ContactStatus.allCases.map { ($0.rawValue, counts.contacts[$0] ?? 0) }),
            messages: Self.allStates(counts.messages), total: total, done: total - unsent, sentLastHour: counts.sentSince[0],
            sentLastDay: counts.sentSince[1], lastSentAt: counts.lastSentAt, estimatedCompletion: estimate, stateReason: stats?.stateReason,
            failures: (stats?.failures ?? []).map { Server.CampaignStats.Failure(code: $0.code, count: $0.count, reason: $0.reason) },
            optedOut: stats?.optedOut ?? 0, skipped: stats?.skipped ?? 0)
    }

    // MARK: Broadcasts, flows, auto-replies

    func broadcasts() throws -> [BroadcastResource] {
        let started = try store.snapshot().broadcastSends
        return try configuration().broadcastLists.sorted { $0.header.name < $1.header.name }.map { try resource($0, started: started) }
    }

    func broadcast(named name: String) throws -> BroadcastResource? {
        guard let list = configuration().broadcastLists.first(where: { $0.header.name == name }) else { return nil }
        return try resource(list, started: try store.snapshot().broadcastSends)
    }

    private func resource(_ list: BroadcastList, started: [String: Set<String>]) throws -> BroadcastResource {
        let name = list.header.name
        return BroadcastResource(
            name: name, description: list.header.description, sender: list.sender.value, batchSize: list.batchSize,
            batchPauseSeconds: list.batchPause.inSeconds,
            sends: list.sends.map { send in
                BroadcastResource.Send(
                    id: send.id.value, started: started[name]?.contains(send.id.value) ?? false, message: Self.summary(send.content))
            },
            messages: Self.allStates(try store.messageCounts(origin: OutboxOrigin(kind: .broadcast, name: name))))
    }

    func flows() throws -> [FlowResource] {
        let resources = try store.snapshot().resources
        let executions = try store.activeExecutions()
        return configuration().flows.sorted { $0.header.name < $1.header.name }.map { flow in
            let name = flow.header.name
            return FlowResource(
                name: name, description: flow.header.description, active: flow.isActive, senders: flow.senders?.map(\.value),
                triggers: flow.triggers.map { FlowResource.Trigger(match: $0.match.rawValue, keywords: $0.keywords.map(\.value)) },
                start: flow.start.value, nodes: flow.nodes.map(\.name.value),
                version: resources[ResourceKey(kind: "Flow", name: name)].map { String($0.specHash.prefix(12)) },
                activeExecutions: executions[name] ?? 0)
        }
    }

    /// A page of a flow's executions. A flow removed from the files keeps its history:
    /// its executions are still listed; a name never seen is nil.
    func flowExecutions(flow: String, status: String?, beforeID: Int64?, limit: Int) throws -> FlowExecutionPage? {
        var records = try store.flowExecutions(
            flow: flow, status: status.flatMap(ExecutionRecord.Status.init(rawValue:)), beforeID: beforeID, limit: limit + 1)
        if records.isEmpty, beforeID == nil, status == nil, !configuration().flows.contains(where: { $0.header.name == flow }) { return nil }
        var next: String?
        if records.count > limit {
            records.removeLast()
            next = records.last.map { String($0.id) }
        }
        let executions = records.map { record in
            FlowExecutionResource(
                id: record.id, flow: record.flow, version: record.version, sender: record.sender, contact: record.contact,
                status: record.status.rawValue, steps: record.sequence, startedAt: record.startedAt, updatedAt: record.updatedAt,
                endedReason: record.endedReason)
        }
        return FlowExecutionPage(executions: executions, nextCursor: next)
    }

    func autoReplies() -> [AutoReplyResource] {
        configuration().autoReplies.sorted { $0.header.name < $1.header.name }.map { reply in
            AutoReplyResource(
                name: reply.header.name, description: reply.header.description, active: reply.isActive, senders: reply.senders?.map(\.value),
                when: reply.condition.value.rawValue, message: reply.message, delaySeconds: reply.delay.inSeconds,
                cooldownSeconds: reply.cooldown.inSeconds)
        }
    }

    // MARK: Messages

    func messages(_ query: MessageQuery) throws -> MessagePage {
        var recipient: String?
        if let text = query.recipient {
            guard let phone = ManualSend.recipient(text, defaultCountryCode: configuration().settings.defaultCountryCode) else {
                throw APIError.invalidField("recipient", "'\(text)' is not a phone number; write it in E.164, such as +15550109001")
            }
            recipient = phone
        }
        let page = try store.outboxPage(
            OutboxQuery(
                sender: query.sender, recipient: recipient, state: query.state.flatMap(OutboxState.init(rawValue:)),
                originKind: query.originKind.flatMap(OutboxOrigin.Kind.init(rawValue:)), originName: query.originName, since: query.since,
                beforeID: query.beforeID, limit: query.limit))
        return MessagePage(messages: page.records.map(Self.resource), nextCursor: page.nextBeforeID.map { String($0) })
    }

    /// Checks every request against the configuration, then queues them all through the
    /// path `engine send` uses (origin `manual`, name `api`).
    func send(_ requests: [SendRequest]) throws -> [SendResult] {
        let configuration = configuration()
        let senders = configuration.senders
        var messages: [ManualSend.Message] = []
        for request in requests {
            if let name = request.sender {
                guard let sender = senders.first(where: { $0.header.name == name }) else {
                    let known = senders.map(\.header.name).sorted().joined(separator: ", ")
                    throw APIError.invalidField(request.field("sender"), "no sender '\(name)' in the configuration; senders: \(known)")
                }
                guard sender.isEnabled else {
                    throw APIError.invalidField(request.field("sender"), "sender '\(name)' is disabled; enable it in the files or leave 'sender' out")
                }
            }
            guard let recipient = ManualSend.recipient(request.to, defaultCountryCode: configuration.settings.defaultCountryCode) else {
                throw APIError.invalidField(request.field("to"), "'\(request.to)' is not a phone number; write it in E.164, such as +15550109001")
            }
            let payload: OutboxPayload
            switch request.content {
            case .text(let text):
                payload = OutboxPayload(text: text)
            case .template(let name, let language, let parameters, let header, let buttons):
                payload = OutboxPayload(
                    template: OutboxPayload.Template(name, language: language, parameters: parameters, header: header, buttons: buttons))
            }
            messages.append(
                ManualSend.Message(
                    recipient: recipient, payload: payload,
                    dedupeKey: request.idempotencyKey.map(ManualSend.dedupeKey(idempotencyKey:)) ?? ManualSend.uniqueDedupeKey(),
                    sender: request.sender))
        }
        let outcomes = try ManualSend(store: store, source: "api").enqueue(messages)
        return zip(messages, outcomes).map { message, outcome in
            switch outcome {
            case .queued(let id): SendResult(outcome: .queued, id: id, to: message.recipient)
            case .alreadyQueued(let id): SendResult(outcome: .duplicate, id: id, to: message.recipient)
            case .optedOut: SendResult(outcome: .optedOut, id: nil, to: message.recipient)
            }
        }
    }

    func revisionStatus() throws -> RevisionStatus {
        try status()
    }

    // MARK: Metrics

    func metricsSnapshot() throws -> MetricsSnapshot {
        var snapshot = MetricsSnapshot()
        snapshot.messages = try store.outboxStateCounts().map {
            MetricsSnapshot.MessageCount(sender: $0.sender ?? "", state: $0.state.rawValue, count: $0.count)
        }
        let depth = try store.queuedCountsByOrigin()
        snapshot.outboxDepth = Dictionary(uniqueKeysWithValues: OutboxOrigin.Kind.allCases.map { ($0.rawValue, depth[$0] ?? 0) })
        let sent = try store.sendCounts(since: Self.windowCutoffs(now()))
        let statuses = try store.senderStatuses()
        snapshot.senders = configuration().senders.map { sender in
            let status = statuses[sender.header.name] ?? SenderStatus(name: sender.header.name)
            return MetricsSnapshot.Sender(
                name: sender.header.name, quota: Self.quotaUse(sender.quota, sent: sent[sender.header.name] ?? []), health: status.health,
                paused: status.pausedReason != nil, connected: status.connection == .connected)
        }
        return snapshot
    }

    // MARK: Mapping

    /// The starts of the minute, hour and day windows ending at `now`.
    private static func windowCutoffs(_ now: Date) -> [Date] { [now - 60, now - 3_600, now - 86_400] }

    private static func quotaUse(_ quota: Quota, sent: [Int]) -> [QuotaWindowUse] {
        let used = sent.count == 3 ? sent : [0, 0, 0]
        return [
            QuotaWindowUse(window: "minute", used: used[0], limit: quota.perMinute),
            QuotaWindowUse(window: "hour", used: used[1], limit: quota.perHour),
            QuotaWindowUse(window: "day", used: used[2], limit: quota.perDay),
        ]
    }

    private static func allStates(_ counts: [OutboxState: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: OutboxState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    private static func resource(_ sender: Sender, status: SenderStatus?) -> SenderResource {
        SenderResource(
            name: sender.header.name, transport: sender.transport.rawValue, phone: sender.phone.value, enabled: sender.isEnabled,
            quota: SenderResource.Quota(perMinute: sender.quota.perMinute, perHour: sender.quota.perHour, perDay: sender.quota.perDay),
            status: SenderHealth(status ?? SenderStatus(name: sender.header.name)))
    }

    private static func resource(_ campaign: Campaign, live: CampaignRecord?, contacts: Int) -> CampaignResource {
        CampaignResource(
            name: campaign.header.name, description: campaign.header.description, desiredState: campaign.desiredState.rawValue,
            state: live?.state.rawValue, senders: campaign.senders.map(\.value), message: summary(campaign.content), contacts: contacts,
            startedAt: live?.startedAt, finishedAt: live?.finishedAt)
    }

    private static func summary(_ content: Manifest.MessageContent) -> MessageSummary {
        MessageSummary(
            text: content.text, template: content.template.map { TemplateReference(name: $0.name, language: $0.language) },
            media: content.media.map { MediaReference(type: $0.kind.rawValue, url: $0.url) })
    }

    private static func resource(_ record: OutboxRecord) -> MessageResource {
        MessageResource(
            id: record.id, sender: record.sender, recipient: record.recipient,
            origin: MessageResource.Origin(kind: record.origin.kind.rawValue, name: record.origin.name), state: record.state.rawValue,
            attempts: record.attempts, content: JSONValue(parsing: record.payload) ?? .string(String(decoding: record.payload, as: UTF8.self)),
            notBefore: record.notBefore, providerMessageId: record.providerMessageID,
            error: record.errorCode == nil && record.error == nil ? nil : MessageResource.Failure(code: record.errorCode, message: record.error),
            sentAt: record.sentAt, createdAt: record.createdAt, updatedAt: record.updatedAt)
    }
}

extension SenderHealth {
    /// The API's view of a stored sender status.
    init(_ status: SenderStatus) {
        self.init(
            connection: status.connection.rawValue, health: status.health, consecutiveFailures: status.consecutiveFailures,
            paused: status.pausedReason != nil, pausedReason: status.pausedReason, lastUsedAt: status.lastUsedAt)
    }
}

extension RevisionStatus {
    /// The API's view of the store's revision history and the files' current diagnostics.
    init(applied: RevisionRecord?, attempted: RevisionRecord?, diagnostics: [ConfigDiagnostic]) {
        self.init(
            appliedRevision: applied?.revision, appliedAt: applied?.at, attemptedRevision: attempted?.revision, attemptedAt: attempted?.at,
            outcome: attempted?.outcome.rawValue, summary: attempted?.summary, diagnostics: diagnostics)
    }
}

extension ConfigDiagnostic {
    /// A validation diagnostic, its file relative to the configuration `directory` when it
    /// lies below it (diagnostics name files relative to the current directory).
    init(_ diagnostic: Diagnostic, directory: String) {
        let file = diagnostic.location.file
        let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path
        let standardized = URL(fileURLWithPath: absolute).standardizedFileURL.path
        let relative = standardized.hasPrefix(root + "/") ? String(standardized.dropFirst(root.count + 1)) : file
        self.init(
            file: relative, line: diagnostic.location.line, column: diagnostic.location.column, severity: diagnostic.severity.rawValue,
            code: diagnostic.code.rawValue, message: diagnostic.summary, help: diagnostic.help)
    }
}

extension Duration {
    /// The duration in seconds, fractions included.
    fileprivate var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension APIToken {
    /// The token `/api/*` requires: `ENGINE_API_TOKEN` when set and not empty, else
    /// Settings' `apiToken` resolved; nil when neither is configured.
    /// - Throws: ``DaemonError`` when Settings names a token that cannot be resolved (the
    ///   engine must not start open when a token was meant).
    static func configured(
        settings: Settings, directory: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(DaemonError) -> APIToken? {
        if let token = environment["ENGINE_API_TOKEN"].flatMap(APIToken.init) { return token }
        guard let reference = settings.apiToken else { return nil }
        switch SecretResolver(environment: environment, directory: directory).resolve(reference) {
        case .success(let value):
            guard let token = APIToken(value) else { throw DaemonError("apiToken in Settings (\(reference)) is empty; set it, or remove apiToken") }
            return token
        case .failure(let problem):
            throw DaemonError("cannot resolve apiToken in Settings: \(problem.message)")
        }
    }
}
