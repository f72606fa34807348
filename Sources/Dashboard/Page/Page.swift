import Foundation

/// What the page template reads: the model turned into display text, CSS widths and tones.
///
/// Mustache is logic-less and reads stored properties through `Mirror`, so every decision
/// (labels, colours, percentages, empty states) is made here, where it can be tested, and
/// the template only places values. Optional values must have names no enclosing level
/// uses: mustache looks a missing key up in the enclosing objects.
struct Page {
    let refreshSeconds: Int
    let generatedAt: String
    let generatedAtISO: String
    let revision: Revision?
    let problem: Problem?
    let stats: [Stat]
    let senders: [Sender]
    let hasSenders: Bool
    let senderCount: Int
    let campaigns: [Campaign]
    let hasCampaigns: Bool
    let campaignCount: Int
    let flows: [Flow]
    let hasFlows: Bool
    let flowCount: Int
    let messages: [Message]
    let hasMessages: Bool
    let messageCount: Int

    struct Revision {
        let id: String
        let appliedAt: String
        let appliedAtISO: String
        let appliedAgo: String
    }

    struct Problem {
        let reason: String
        let diagnostics: [Diagnostic]
        let hasDiagnostics: Bool
    }

    struct Diagnostic {
        let location: String
        let message: String
    }

    struct Stat {
        let label: String
        let value: String
        let detail: String
        let tone: String
    }

    struct Sender {
        let name: String
        let transport: String
        let phone: String
        let connectionLabel: String
        let connectionTone: String
        let health: String
        let healthWidth: String
        let healthTone: String
        let pausedReason: String?
        let quotas: [Quota]
        /// Our own markup, inserted unescaped: drawn from a module matrix, numbers only.
        let pairingSVG: String?
    }

    struct Quota {
        let window: String
        let used: String
        let limit: String
        let width: String
        let tone: String
    }

    struct Campaign {
        let name: String
        let stateLabel: String
        let stateTone: String
        let percent: String
        let segments: [Segment]
        let done: String
        let total: String
        let sent: String
        let delivered: String
        let read: String
        let failed: String
        let queued: String
        let eta: Moment?
    }

    /// One coloured part of a campaign's progress bar.
    struct Segment {
        let kind: String
        let width: String
    }

    /// A time shown relative to the page, with the absolute time on hover.
    struct Moment {
        let relative: String
        let absolute: String
        let iso: String
    }

    struct Flow {
        let name: String
        let flowVersion: String?
        let activeExecutions: String
        let isBusy: Bool
        let nodes: [Node]
        let hasNodes: Bool
    }

    struct Node {
        let node: String
        let count: String
        let width: String
    }

    struct Message {
        let time: String
        let timeISO: String
        let timeFull: String
        let direction: String
        let directionLabel: String
        let sender: String
        let contact: String
        let stateLabel: String
        let stateTone: String
        let preview: String
    }
}

extension Page {
    /// The page for `model`.
    init(_ model: DashboardModel, refreshSeconds: Int, previewLength: Int) {
        let now = model.generatedAt
        self.refreshSeconds = refreshSeconds
        generatedAt = Formatting.timestamp(now)
        generatedAtISO = Formatting.iso8601(now)
        revision = model.applied.map {
            Revision(
                id: $0.revision, appliedAt: Formatting.timestamp($0.appliedAt), appliedAtISO: Formatting.iso8601($0.appliedAt),
                appliedAgo: Formatting.relative($0.appliedAt, now: now))
        }
        problem = model.configurationError.map { error in
            Problem(
                reason: error.reason,
                diagnostics: error.diagnostics.map { Diagnostic(location: "\($0.file):\($0.line):\($0.column)", message: $0.message) },
                hasDiagnostics: !error.diagnostics.isEmpty)
        }
        stats = Self.stats(model)
        senders = model.senders.map(Sender.init)
        hasSenders = !senders.isEmpty
        senderCount = senders.count
        campaigns = model.campaigns.map { Campaign($0, now: now) }
        hasCampaigns = !campaigns.isEmpty
        campaignCount = campaigns.count
        flows = model.flows.map(Flow.init)
        hasFlows = !flows.isEmpty
        flowCount = flows.count
        messages = model.messages.map { Message($0, now: now, previewLength: previewLength) }
        hasMessages = !messages.isEmpty
        messageCount = messages.count
    }

    /// The headline figures above the sections.
    private static func stats(_ model: DashboardModel) -> [Stat] {
        let connected = model.senders.filter { $0.connection == .connected }.count
        let paused = model.senders.filter { $0.pausedReason != nil }.count
        let running = model.campaigns.filter { $0.state == .running }.count
        let waiting = model.campaigns.reduce(0) { $0 + $1.queued }
        let executions = model.flows.reduce(0) { $0 + $1.activeExecutions }
        let senderTone = model.senders.isEmpty ? "neutral" : connected == model.senders.count && paused == 0 ? "good" : "warn"
        return [
            Stat(
                label: "Senders connected", value: "\(connected) / \(model.senders.count)",
                detail: paused == 0 ? "none paused" : "\(paused) paused", tone: senderTone),
            Stat(
                label: "Campaigns running", value: Formatting.count(running), detail: "of \(Formatting.count(model.campaigns.count))",
                tone: running > 0 ? "info" : "neutral"),
            Stat(label: "Messages waiting", value: Formatting.count(waiting), detail: "queued in campaigns", tone: "neutral"),
            Stat(
                label: "Active executions", value: Formatting.count(executions),
                detail: "in \(Formatting.count(model.flows.count)) flow\(model.flows.count == 1 ? "" : "s")", tone: "neutral"),
        ]
    }
}

extension Page.Sender {
    init(_ sender: DashboardModel.Sender) {
        name = sender.name
        transport = sender.transport
        phone = sender.phone
        (connectionLabel, connectionTone) = Self.connection(sender.connection)
        let health = min(max(sender.health, 0), 100)
        self.health = "\(health)"
        healthWidth = "\(health)"
        healthTone = health >= 80 ? "good" : health >= 50 ? "warn" : "bad"
        pausedReason = sender.pausedReason
        quotas = [
            Page.Quota("per minute", sender.perMinute), Page.Quota("per hour", sender.perHour), Page.Quota("per day", sender.perDay),
        ]
        if sender.connection == .waitingForScan, let code = sender.pairingCode {
            pairingSVG = code.svg(moduleSize: 4, quietZone: 2)
        } else {
            pairingSVG = nil
        }
    }

    private static func connection(_ connection: DashboardModel.Sender.Connection) -> (label: String, tone: String) {
        switch connection {
        case .connected: ("Connected", "good")
        case .connecting: ("Connecting", "warn")
        case .waitingForScan: ("Waiting for scan", "warn")
        case .disconnected: ("Disconnected", "bad")
        case .unknown: ("Unknown", "neutral")
        }
    }
}

extension Page.Quota {
    init(_ window: String, _ quota: DashboardModel.QuotaUse) {
        self.window = window
        used = Formatting.count(quota.used)
        limit = Formatting.count(quota.limit)
        width = Formatting.width(quota.used, of: quota.limit)
        let share = quota.limit > 0 ? Double(quota.used) / Double(quota.limit) : 0
        tone = share >= 1 ? "bad" : share >= 0.8 ? "warn" : "info"
    }
}

extension Page.Campaign {
    init(_ campaign: DashboardModel.Campaign, now: Date) {
        name = campaign.name
        (stateLabel, stateTone) = Self.state(campaign.state)
        let progress = campaign.progress.isFinite ? min(max(campaign.progress, 0), 1) : 0
        percent = Formatting.width(progress)
        segments = [
            ("read", campaign.read), ("delivered", campaign.delivered), ("sent", campaign.sent), ("failed", campaign.failed),
        ]
        .filter { $0.1 > 0 }
        .map { Page.Segment(kind: $0.0, width: Formatting.width($0.1, of: campaign.total)) }
        done = Formatting.count(campaign.sent + campaign.delivered + campaign.read + campaign.failed)
        total = Formatting.count(campaign.total)
        sent = Formatting.count(campaign.sent)
        delivered = Formatting.count(campaign.delivered)
        read = Formatting.count(campaign.read)
        failed = Formatting.count(campaign.failed)
        queued = Formatting.count(campaign.queued)
        eta = campaign.estimatedCompletion.map {
            Page.Moment(relative: Formatting.relative($0, now: now), absolute: Formatting.timestamp($0), iso: Formatting.iso8601($0))
        }
    }

    private static func state(_ state: DashboardModel.Campaign.State) -> (label: String, tone: String) {
        switch state {
        case .draft: ("Draft", "neutral")
        case .scheduled: ("Scheduled", "info")
        case .running: ("Running", "info")
        case .paused: ("Paused", "warn")
        case .completed: ("Completed", "good")
        case .failed: ("Failed", "bad")
        case .cancelled: ("Cancelled", "neutral")
        }
    }
}

extension Page.Flow {
    init(_ flow: DashboardModel.Flow) {
        name = flow.name
        flowVersion = flow.version
        activeExecutions = Formatting.count(flow.activeExecutions)
        isBusy = flow.activeExecutions > 0
        let busiest = flow.nodeCounts.map(\.count).max() ?? 0
        nodes = flow.nodeCounts.map {
            Page.Node(node: $0.node, count: Formatting.count($0.count), width: Formatting.width($0.count, of: busiest))
        }
        hasNodes = !nodes.isEmpty
    }
}

extension Page.Message {
    init(_ message: DashboardModel.Message, now: Date, previewLength: Int) {
        time = Formatting.clock(message.time, now: now)
        timeISO = Formatting.iso8601(message.time)
        timeFull = Formatting.timestamp(message.time)
        direction = message.direction.rawValue
        directionLabel = message.direction == .inbound ? "↓ In" : "↑ Out"
        sender = message.sender
        contact = message.contact
        (stateLabel, stateTone) = Self.state(message.state)
        preview = Formatting.preview(message.preview, limit: previewLength)
    }

    private static func state(_ state: DashboardModel.Message.State) -> (label: String, tone: String) {
        switch state {
        case .received: ("Received", "info")
        case .queued: ("Queued", "neutral")
        case .sending: ("Sending", "info")
        case .sent: ("Sent", "info")
        case .delivered: ("Delivered", "good")
        case .read: ("Read", "good")
        case .failed: ("Failed", "bad")
        case .cancelled: ("Cancelled", "neutral")
        case .unknown: ("Unknown", "warn")
        }
    }
}
