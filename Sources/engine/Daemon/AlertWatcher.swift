import Foundation
import Logging
import Store
import Transports

/// Mails what the history records of a sender the engine paused and of a campaign that
/// completed or failed, with the mail settings in force (see ``DaemonAlerts``).
///
/// It reads the state's history rather than listening to the dispatcher and the feeders:
/// every part that pauses a sender or ends a campaign writes an event in the same
/// transaction, so nothing is missed whoever wrote it, and nothing is mailed for what did
/// not commit. Events from before the daemon started are not mailed again.
struct AlertWatcher: Sendable {
    /// The event kinds that may become alerts.
    static let kinds = ["sender.paused", "campaign.completed", "campaign.failed"]

    let store: SQLiteStore
    let live: LiveGeneration
    let alerts: DaemonAlerts
    let logger: Logger
    /// How often the history is read.
    var interval: Duration = .seconds(1)

    func run() async throws {
        var last = try store.latestEventID()
        while !Task.isCancelled {
            try await Task.sleep(for: interval)
            do throws(StoreError) {
                let events = try store.events(after: last, kinds: Self.kinds)
                for event in events {
                    last = event.id
                    guard let alert = try Self.alert(for: event, stats: { name throws(StoreError) in try store.campaignStats(name: name) }) else {
                        continue
                    }
                    alerts.raise(alert, configuration: live.current.configuration)
                }
            } catch {
                logger.error("alerts: \(error.message)")
            }
        }
    }

    /// The alert an event calls for, if any: a sender paused by the engine (not by a
    /// person), a campaign completed or failed (with its counts).
    static func alert(for event: StoredEvent, stats: (String) throws(StoreError) -> CampaignStats?) throws(StoreError) -> Alert? {
        switch event.kind {
        case "sender.paused":
            guard let sender = name(in: event.resource, kind: "Sender") else { return nil }
            // "paused (CAUSE): reason…", as EventRecord writes it.
            guard !event.message.hasPrefix("paused (manual)") else { return nil }
            return .senderPaused(sender: sender, reason: event.message)
        case "campaign.completed", "campaign.failed":
            guard let campaign = name(in: event.resource, kind: "Campaign") else { return nil }
            let counts = try stats(campaign).map {
                Alert.CampaignCounts(contacts: $0.contacts, sent: $0.sent, delivered: $0.delivered, read: $0.read, failed: $0.failed)
            }
            let outcome: Alert.CampaignOutcome = event.kind == "campaign.completed" ? .completed : .failed(reason: event.message)
            return .campaignFinished(
                campaign: campaign, outcome: outcome, counts: counts ?? Alert.CampaignCounts(contacts: 0, sent: 0, delivered: 0, read: 0, failed: 0))
        default:
            return nil
        }
    }

    /// `name` of a `Kind/name` resource reference of `kind`.
    private static func name(in resource: String?, kind: String) -> String? {
        guard let resource, resource.hasPrefix(kind + "/") else { return nil }
        let name = resource.dropFirst(kind.count + 1)
        return name.isEmpty ? nil : String(name)
    }
}
