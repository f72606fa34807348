import Dashboard
import Foundation
import QRCodes
import Server
import Store

extension DaemonAPI {
    /// The dashboard's page model: the same figures the API serves, read on the API's
    /// thread, plus each flow's node counters and the reloader's view of the files.
    func dashboardModel(reload: ReloadStatus) async throws -> DashboardModel {
        let now = Date()
        var model = DashboardModel(generatedAt: now)
        if let revision = reload.appliedRevision, let at = reload.appliedAt {
            model.applied = DashboardModel.AppliedRevision(revision: revision, appliedAt: at)
        }
        if reload.outcome == .refused {
            model.configurationError = DashboardModel.ConfigurationError(
                reason: reload.reason,
                diagnostics: reload.diagnostics.map { diagnostic in
                    DashboardModel.Diagnostic(
                        file: diagnostic.location.file, line: diagnostic.location.line, column: diagnostic.location.column,
                        message: diagnostic.summary)
                })
        }
        for sender in try senders() {
            let stats = try senderStats(named: sender.name)
            func use(_ window: String, limit: Int) -> DashboardModel.QuotaUse {
                let found = stats?.quota.first { $0.window == window }
                return DashboardModel.QuotaUse(used: found?.used ?? 0, limit: found?.limit ?? limit)
            }
            let connection = DashboardModel.Sender.Connection(rawValue: sender.status.connection) ?? .unknown
            var qr: QRCode?
            if connection == .waitingForScan, case .pending(let code) = await pairingCode(sender: sender.name) {
                qr = try? QRCode(encoding: code)
            }
            model.senders.append(
                DashboardModel.Sender(
                    name: sender.name, transport: sender.transport, phone: sender.phone, connection: connection, health: sender.status.health,
                    pausedReason: sender.status.paused ? (sender.status.pausedReason ?? "paused") : nil,
                    perMinute: use("minute", limit: sender.quota.perMinute), perHour: use("hour", limit: sender.quota.perHour),
                    perDay: use("day", limit: sender.quota.perDay), pairingCode: qr))
        }
        for campaign in try campaigns() {
            guard let stats = try campaignStats(named: campaign.name) else { continue }
            let contacts = stats.contacts
            model.campaigns.append(
                DashboardModel.Campaign(
                    name: campaign.name, state: DashboardModel.Campaign.State(rawValue: stats.state ?? "draft") ?? .draft, total: stats.total,
                    sent: contacts["sent"] ?? 0, delivered: contacts["delivered"] ?? 0, read: contacts["read"] ?? 0,
                    failed: (contacts["failed"] ?? 0) + (contacts["unknown"] ?? 0),
                    queued: (contacts["queued"] ?? 0) + (contacts["pending"] ?? 0) + (contacts["sending"] ?? 0), progress: stats.progress,
                    estimatedCompletion: stats.estimatedCompletion))
        }
        for flow in try flows() {
            let counters = try store.flowCounters(flow: flow.name).filter { $0.key.hasPrefix("node:") && $0.version == flow.version }
            model.flows.append(
                DashboardModel.Flow(
                    name: flow.name, version: flow.version, activeExecutions: flow.activeExecutions,
                    nodeCounts: counters.map { DashboardModel.Flow.NodeCount(node: String($0.key.dropFirst("node:".count)), count: $0.count) }))
        }
        for message in try messages(MessageQuery(limit: 20)).messages {
            model.messages.append(
                DashboardModel.Message(
                    time: message.sentAt ?? message.createdAt, direction: .outbound, sender: message.sender ?? "-", contact: message.recipient,
                    state: DashboardModel.Message.State(rawValue: message.state) ?? .unknown, preview: Self.preview(message.content)))
        }
        return model
    }

    /// The text of a message's content, or what kind of message it is.
    static func preview(_ content: JSONValue) -> String {
        guard case .object(let fields) = content else { return "" }
        for (key, value) in fields where key == "text" {
            if case .string(let text) = value { return text }
        }
        for (key, value) in fields where key == "template" {
            if case .object(let template) = value, let name = template.first(where: { $0.key == "name" }), case .string(let text) = name.value {
                return "template \(text)"
            }
        }
        return fields.first.map { "(\($0.key))" } ?? ""
    }
}
