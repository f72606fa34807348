import Foundation
import Manifest
import Store

/// What `engine status` shows: the files' resources joined with the live state.
/// Version 1 of the JSON document.
public struct StatusReport: Sendable, Codable {
    public struct SenderLine: Sendable, Codable {
        public var name: String
        public var transport: String
        public var enabled: Bool
        public var connection: String
        public var health: Int
        public var consecutiveFailures: Int
        public var pausedReason: String?
        /// Messages sent in the last minute, hour and day, with the limits.
        public var sentLastMinute: Int, perMinute: Int
        public var sentLastHour: Int, perHour: Int
        public var sentLastDay: Int, perDay: Int
    }

    public struct CampaignLine: Sendable, Codable {
        public var name: String
        public var desiredState: String
        /// The actual state (nil before the first apply).
        public var state: String?
        public var contacts: Int
        /// Contacts by status.
        public var progress: [String: Int]
        public var estimatedCompletion: Date?
        /// Why the engine moved it to its state (why it failed); nil after `apply` moved it.
        public var stateReason: String?
        /// Queued, sent, delivered, read, failed by reason, opted out, skipped (nil before
        /// the first apply).
        public var stats: CampaignStats?
    }

    public struct BroadcastLine: Sendable, Codable {
        public var name: String
        public var sender: String
        public var members: Int
        public var sends: Int
        public var sendsStarted: Int
    }

    public struct AutoReplyLine: Sendable, Codable {
        public var name: String
        public var active: Bool
        public var when: String
    }

    public struct FlowLine: Sendable, Codable {
        public var name: String
        public var active: Bool
        /// The first 12 hex digits of the applied spec's hash (nil before the first apply).
        public var version: String?
        public var activeExecutions: Int
        /// How often each node was entered, over every version, in the flow's node order.
        public var nodes: [Counter] = []
        /// How often each edge (`FROM-LABEL->TO`) was taken, over every version, most taken first.
        public var edges: [Counter] = []
    }

    /// One analytics counter of a flow.
    public struct Counter: Sendable, Codable, Hashable {
        public var name: String
        public var count: Int
    }

    public var version = 1
    public var serial: Int64
    public var lastApplied: RevisionRecord?
    public var lastAttempted: RevisionRecord?
    public var senders: [SenderLine] = []
    public var campaigns: [CampaignLine] = []
    public var broadcastLists: [BroadcastLine] = []
    public var autoReplies: [AutoReplyLine] = []
    public var flows: [FlowLine] = []

    /// Reads the live state for every resource of `configuration`.
    public init(configuration: Configuration, contacts: [String: ContactSummary], store: any StateStore, now: Date) throws(StoreError) {
        let live = try store.snapshot()
        let statuses = try store.senderStatuses()
        let counts = try store.sendCounts(since: [now - 60, now - 3600, now - 86_400])
        let progress = try store.campaignProgress()
        let stats = configuration.campaigns.isEmpty ? [:] : try store.campaignStats()
        let executions = try store.activeExecutions()
        serial = live.serial
        lastApplied = live.lastApplied
        lastAttempted = live.lastAttempted
        for sender in configuration.senders {
            let status = statuses[sender.header.name] ?? SenderStatus(name: sender.header.name)
            let sent = counts[sender.header.name] ?? [0, 0, 0]
            senders.append(
                SenderLine(
                    name: sender.header.name, transport: sender.transport.rawValue, enabled: sender.isEnabled,
                    connection: status.connection.rawValue, health: status.health, consecutiveFailures: status.consecutiveFailures,
                    pausedReason: status.pausedReason, sentLastMinute: sent[0], perMinute: sender.quota.perMinute,
                    sentLastHour: sent[1], perHour: sender.quota.perHour, sentLastDay: sent[2], perDay: sender.quota.perDay))
        }
        let estimate = CompletionEstimate(configuration: configuration, now: now)
        for campaign in configuration.campaigns {
            let name = campaign.header.name
            let byStatus = progress[name] ?? [:]
            let state = live.campaigns[name]?.state
            let unsent = (byStatus[.pending] ?? 0) + (byStatus[.queued] ?? 0)
            campaigns.append(
                CampaignLine(
                    name: name, desiredState: campaign.desiredState.rawValue, state: state?.rawValue,
                    contacts: contacts["Campaign/\(name)"]?.count ?? 0,
                    progress: Dictionary(uniqueKeysWithValues: byStatus.map { ($0.key.rawValue, $0.value) }),
                    estimatedCompletion: state == .running || state == .scheduled
                        ? estimate.finish(of: campaign, messages: unsent, liveCampaigns: live.campaigns) : nil,
                    stateReason: live.campaigns[name]?.stateReason, stats: stats[name]))
        }
        for list in configuration.broadcastLists {
            broadcastLists.append(
                BroadcastLine(
                    name: list.header.name, sender: list.sender.value, members: contacts["BroadcastList/\(list.header.name)"]?.count ?? 0,
                    sends: list.sends.count, sendsStarted: live.broadcastSends[list.header.name]?.count ?? 0))
        }
        for reply in configuration.autoReplies {
            autoReplies.append(AutoReplyLine(name: reply.header.name, active: reply.isActive, when: reply.condition.value.rawValue))
        }
        let flowStore = store as? any FlowStateStore
        for flow in configuration.flows {
            let record = live.resources[ResourceKey(kind: "Flow", name: flow.header.name)]
            var line = FlowLine(
                name: flow.header.name, active: flow.isActive, version: record.map { String($0.specHash.prefix(12)) },
                activeExecutions: executions[flow.header.name] ?? 0)
            if let flowStore {
                var nodes: [String: Int] = [:]
                var edges: [String: Int] = [:]
                for counter in try flowStore.flowCounters(flow: flow.header.name) {
                    if counter.key.hasPrefix("node:") { nodes[String(counter.key.dropFirst(5)), default: 0] += counter.count }
                    if counter.key.hasPrefix("edge:") { edges[String(counter.key.dropFirst(5)), default: 0] += counter.count }
                }
                let order = flow.nodes.map(\.name.value)
                line.nodes = nodes.map { Counter(name: $0.key, count: $0.value) }.sorted { left, right in
                    (order.firstIndex(of: left.name) ?? .max, left.name) < (order.firstIndex(of: right.name) ?? .max, right.name)
                }
                line.edges = edges.map { Counter(name: $0.key, count: $0.value) }.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
            }
            flows.append(line)
        }
    }

    /// The text `engine status` prints.
    public func renderedText() -> String {
        var out = ""
        out += "Revision: " + (lastApplied.map { "\($0.revision) applied \(Plan.timestamp($0.at))" } ?? "never applied")
        if let attempt = lastAttempted, attempt != lastApplied {
            out += "; last attempt \(attempt.revision) \(attempt.outcome.rawValue) at \(Plan.timestamp(attempt.at)): \(attempt.summary)"
        }
        out += " (state serial \(serial))\n"
        if !senders.isEmpty {
            out += "\nSENDERS\n"
            for sender in senders {
                out += "  \(sender.name)  \(sender.transport)  \(sender.enabled ? sender.connection : "disabled")  health \(sender.health)"
                out +=
                    "  quota \(sender.sentLastMinute)/\(sender.perMinute) min, \(sender.sentLastHour)/\(sender.perHour) h, \(sender.sentLastDay)/\(sender.perDay) day"
                if let reason = sender.pausedReason { out += "  paused: \(reason)" }
                out += "\n"
            }
        }
        if !campaigns.isEmpty {
            out += "\nCAMPAIGNS\n"
            for campaign in campaigns {
                out += "  \(campaign.name)  \(campaign.state ?? "not applied") (wants \(campaign.desiredState))  \(campaign.contacts) contacts"
                let parts = ContactStatus.allCases.compactMap { status in campaign.progress[status.rawValue].map { "\($0) \(status.rawValue)" } }
                if !parts.isEmpty { out += ": " + parts.joined(separator: ", ") }
                if let eta = campaign.estimatedCompletion { out += "  ETA \(Plan.timestamp(eta))" }
                out += "\n"
                if campaign.state == CampaignState.failed.rawValue, let reason = campaign.stateReason { out += "    failed: \(reason)\n" }
                if let stats = campaign.stats, stats.contacts > 0 { out += Self.renderedStats(stats) }
            }
        }
        if !broadcastLists.isEmpty {
            out += "\nBROADCAST LISTS\n"
            for list in broadcastLists {
                out += "  \(list.name)  sender \(list.sender)  \(list.members) members  \(list.sendsStarted)/\(list.sends) sends started\n"
            }
        }
        if !autoReplies.isEmpty {
            out += "\nAUTO-REPLIES\n"
            for reply in autoReplies { out += "  \(reply.name)  \(reply.active ? "active" : "inactive")  \(reply.when)\n" }
        }
        if !flows.isEmpty {
            out += "\nFLOWS\n"
            for flow in flows {
                out +=
                    "  \(flow.name)  \(flow.active ? "active" : "inactive")  version \(flow.version ?? "not applied")  \(flow.activeExecutions) active executions\n"
                if !flow.nodes.isEmpty { out += "    nodes: " + flow.nodes.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + "\n" }
                if !flow.edges.isEmpty { out += "    edges: " + flow.edges.map { "\($0.name) \($0.count)" }.joined(separator: ", ") + "\n" }
            }
        }
        return out
    }

    /// A campaign's stats lines: the funnel, opt-outs and skips, then failures by code.
    static func renderedStats(_ stats: CampaignStats) -> String {
        var out = "    \(stats.pending + stats.queued) queued, \(stats.sent) sent, \(stats.delivered) delivered, \(stats.read) read, "
        out += "\(stats.failed) failed, \(stats.optedOut) opted out, \(stats.skipped) skipped"
        if stats.sending > 0 { out += ", \(stats.sending) sending" }
        if stats.unknown > 0 { out += ", \(stats.unknown) unknown" }
        out += "\n"
        if !stats.failures.isEmpty {
            out += "    failed by reason: " + stats.failures.map { "\($0.code) \($0.count) (\(Plan.clip($0.reason)))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The versioned JSON document of `status --format json`.
    public func jsonDocument() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(self)) ?? Data()
    }
}
