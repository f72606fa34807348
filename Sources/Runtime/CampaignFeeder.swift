import Foundation
import Manifest
import Store
import Templates

/// Puts running campaigns' messages into the outbox, a batch at a time, and notices when
/// a campaign is done.
///
/// Each contact's message is rendered with its columns (`<<contact.name>>`,
/// `<<contact.phone>>`, every other column) and enqueued with the dedupe key
/// `campaign/<name>/<phone>`, so a contact is never queued twice whatever happens between
/// ticks. Pacing, windows, quotas and daily caps are the dispatcher's: the feeder only
/// keeps it supplied, and moves campaigns along their lifecycle:
/// - a `scheduled` campaign starts (`running`) when its start time has come;
/// - a running campaign whose every contact has an outcome is `completed`;
/// - a running campaign with contacts still to send whose every sender is removed from
///   the files, disabled, or paused until a person resumes it (a ``CampaignStall``) is
///   `failed`, with that reason; its queued messages stay queued;
/// - a failed campaign runs again as soon as one of its senders can send (after
///   `engine senders resume`, or with a configuration that enables or adds one).
///
/// Each move is made only from the state the feeder read, so a transition `apply` made
/// in the meantime (a pause) is never overwritten.
public struct CampaignFeeder: Sendable {
    /// The most messages of one campaign waiting in the outbox: each tick tops it up to
    /// this, enough to keep every sender busy, few enough that the outbox is not flooded
    /// (a paused campaign leaves at most this many queued rows behind).
    public var batchSize = 500

    private let campaigns: [Campaign]
    /// Whether the files enable each sender, by name.
    private let enabledSenders: [String: Bool]
    private let store: SQLiteStore

    /// A feeder for the campaigns of `configuration`.
    public init(configuration: Configuration, store: SQLiteStore) {
        self.campaigns = configuration.campaigns
        self.enabledSenders = Dictionary(configuration.senders.map { ($0.header.name, $0.isEnabled) }, uniquingKeysWith: { first, _ in first })
        self.store = store
    }

    /// One pass at `now`. Returns how many messages were enqueued.
    /// - Parameter shouldStop: asked between campaigns; true ends the pass early (the
    ///   daemon is stopping).
    @discardableResult
    public func tick(now: Date, shouldStop: () -> Bool = { false }) throws -> Int {
        let live = try store.snapshot().campaigns
        let progress = try store.campaignProgress()
        // Sender status matters only to campaigns that are sending or failed.
        var statuses: [String: SenderStatus]?
        func stall(of campaign: Campaign) throws -> CampaignStall? {
            let known = try statuses ?? store.senderStatuses()
            statuses = known
            return CampaignStall(senders: campaign.senders.map(\.value), isEnabled: { enabledSenders[$0] }, statuses: known)
        }
        var enqueued = 0
        for campaign in campaigns {
            if shouldStop() { break }
            let name = campaign.header.name
            guard var state = live[name]?.state else { continue }
            if state == .scheduled, let start = campaign.schedule.start.map({ Date(timeIntervalSince1970: TimeInterval($0.secondsSince1970)) }),
                start <= now
            {
                guard try store.setCampaignState(name, to: .running, message: "its start time \(start) came", from: [.scheduled]) else { continue }
                state = .running
            }
            if state == .failed {
                guard try stall(of: campaign) == nil else { continue }
                let message = "a sender can send again (\(campaign.senders.map { "'\($0.value)'" }.joined(separator: ", ")))"
                guard try store.setCampaignState(name, to: .running, message: message, from: [.failed]) else { continue }
                state = .running
            }
            guard state == .running else { continue }
            let counts = progress[name] ?? [:]
            let open = counts.filter { [.pending, .queued, .sending].contains($0.key) }.values.reduce(0, +)
            if open > 0, let stall = try stall(of: campaign) {
                try store.setCampaignState(name, to: .failed, message: stall.description, from: [.running])
                continue
            }
            let waiting = try store.queuedCount(kind: .campaign, name: name, limit: batchSize)
            guard waiting < batchSize else { continue }
            let contacts = try store.unqueuedContacts(of: name, limit: batchSize - waiting)
            if contacts.isEmpty {
                if open == 0, !counts.isEmpty {
                    try store.setCampaignState(name, to: .completed, message: "every contact has an outcome", from: [.running])
                }
                continue
            }
            let messages = try contacts.map { contact in
                try NewOutboxMessage(
                    dedupeKey: "campaign/\(name)/\(contact.phone)", recipient: contact.phone, origin: OutboxOrigin(kind: .campaign, name: name),
                    message: Self.payload(campaign.content, for: contact))
            }
            enqueued += try store.enqueue(messages).count { $0.isNew }
        }
        return enqueued
    }

    /// The message for one contact, its templates rendered with the contact's columns.
    static func payload(_ content: MessageContent, for contact: UnqueuedCampaignContact) -> OutboxPayload {
        var fields: [String: TemplateValue] = ["phone": .string(contact.phone), "phoneNumber": .string(contact.phone)]
        for (key, value) in contact.variables { fields[key] = .string(value) }
        if let name = contact.name { fields["name"] = .string(name) }
        let context = TemplateContext(["contact": .object(fields)])
        func render(_ source: String) -> String { Template.parse(source).template.render(context).text }
        var payload = OutboxPayload(text: content.text.map(render))
        if let template = content.template {
            payload.template = OutboxPayload.Template(
                template.name, language: template.language, parameters: template.parameters.map(render), header: template.header.map(render),
                buttons: template.buttons.map(render))
        }
        if let media = content.media {
            payload.media = OutboxPayload.Media(
                type: media.kind.rawValue, url: render(media.url), caption: media.caption.map(render), filename: media.filename)
        }
        return payload
    }
}
