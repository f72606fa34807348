import Crypto
import Foundation
import Manifest
import Store

/// Compares the configuration in the files with the live state and says what `apply`
/// would do. Pure apart from reading the store and, when a contact list changed, the
/// contact file.
public struct Planner {
    /// The validated configuration (validation must have found no errors).
    public var report: ValidationReport
    public var store: any StateStore
    public var resolver: SecretResolver
    /// Delete resources even when the files declare none.
    public var allowsEmpty = false
    /// Specs encoded by earlier plans of the same directory, if any.
    public var specCache: SpecEncodingCache?
    /// The current time, injected.
    public var now: Date

    public init(report: ValidationReport, store: any StateStore, resolver: SecretResolver, now: Date) {
        self.report = report
        self.store = store
        self.resolver = resolver
        self.now = now
    }

    /// The desired resources with resolved secret digests, or the secrets that cannot be
    /// resolved (as diagnostics with positions).
    public func desiredResources() -> (resources: [ResourceKey: DesiredResource], diagnostics: [Diagnostic]) {
        var resources: [ResourceKey: DesiredResource] = [:]
        var diagnostics: [Diagnostic] = []
        for header in report.configuration.headers {
            var digests: [String: String] = [:]
            for secret in header.secrets {
                switch resolver.resolve(secret.reference) {
                case .success(let value):
                    digests[secret.fieldPath] = Digest.hex(of: value)
                case .failure(let problem):
                    diagnostics.append(
                        Diagnostic(
                            .error, .unresolvedSecret, problem.message, at: secret.location, resource: header.id,
                            fieldPath: secret.fieldPath, help: problem.help))
                }
            }
            let resource = DesiredResource(header: header, secretDigests: digests, cache: specCache)
            resources[resource.key] = resource
        }
        return (resources, diagnostics)
    }

    /// SHA-256 over the YAML files and the contact lists' fingerprints: what a saved plan
    /// was made from.
    public func contentHash() -> String {
        var hasher = SHA256()
        for file in report.files {
            hasher.update(data: Data(file.utf8 + [0]))
            if let data = FileManager.default.contents(atPath: report.configuration.directory + "/" + file) {
                hasher.update(data: data)
            }
        }
        for key in report.contacts.keys.sorted() {
            hasher.update(data: Data((key + "=" + report.contacts[key]!.fingerprint + "\n").utf8))
        }
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Makes the plan.
    /// - Throws: ``StoreError`` when the live state cannot be read.
    public func plan(desired: [ResourceKey: DesiredResource], revision: String, contentHash: String) throws(StoreError) -> Plan {
        let live = try store.snapshot()
        // Counting contacts by status reads an index over every contact: only done when a
        // campaign changes, so a plan without changes stays cheap.
        var progressCache: [String: [ContactStatus: Int]]?
        func progress() throws(StoreError) -> [String: [ContactStatus: Int]] {
            if let progressCache { return progressCache }
            let counts = try store.campaignProgress()
            progressCache = counts
            return counts
        }
        var changes: [ResourceChange] = []
        var transitions: [Transition] = []
        var warnings: [String] = []
        let configuration = report.configuration

        // Creates and updates, in apply order.
        for key in desired.keys.sorted(by: Self.applyOrder) {
            let resource = desired[key]!
            let record = live.resources[key]
            let contacts = report.contacts[key.description]
            if let change = try resourceChange(
                resource, record: record, contacts: contacts, progress: { () throws(StoreError) in try progress()[key.name] })
            {
                changes.append(change)
            }
        }

        // Deletes, dependents first.
        let removed = live.resources.keys.filter { desired[$0] == nil }.sorted(by: Self.applyOrder).reversed()
        if desired.isEmpty, !removed.isEmpty, !allowsEmpty {
            warnings.append("the configuration declares no resources; nothing will be deleted (use --allow-empty to delete all \(removed.count))")
        } else {
            for key in removed {
                let record = live.resources[key]!
                if record.isProtected {
                    warnings.append("\(key) is protected and stays although it is gone from the files")
                    continue
                }
                changes.append(
                    ResourceChange(
                        action: .delete, kind: key.kind, name: key.name, reason: "removed from the files; its history is kept",
                        fields: [], unchangedFields: 0, contacts: nil, affectedUnsent: nil))
                if key.kind == ResourceKind.campaign.rawValue, let campaign = live.campaigns[key.name],
                    [.running, .scheduled, .paused].contains(campaign.state)
                {
                    let counts = try progress()[key.name]
                    let unsent = (counts?[.pending] ?? 0) + (counts?[.queued] ?? 0)
                    transitions.append(
                        Transition(
                            action: .stop, kind: key.kind, name: key.name, detail: nil,
                            reason: "the campaign is \(campaign.state.rawValue) and removed from the files; \(unsent) unsent messages are cancelled",
                            messages: unsent, estimatedCompletion: nil))
                }
            }
        }

        // Campaign lifecycle. A failed campaign is judged by the same rule as the daemon's
        // (``CampaignStall``), from the files and the senders' live status.
        var senderStatuses: [String: SenderStatus]?
        let enabled = Dictionary(configuration.senders.map { ($0.header.name, $0.isEnabled) }, uniquingKeysWith: { first, _ in first })
        func stall(of campaign: Campaign) throws(StoreError) -> CampaignStall? {
            let statuses: [String: SenderStatus]
            if let senderStatuses {
                statuses = senderStatuses
            } else {
                statuses = try store.senderStatuses()
                senderStatuses = statuses
            }
            return CampaignStall(senders: campaign.senders.map(\.value), isEnabled: { enabled[$0] }, statuses: statuses)
        }
        for campaign in configuration.campaigns {
            let actual = live.campaigns[campaign.header.name]?.state
            let total = report.contacts["Campaign/\(campaign.header.name)"]?.count ?? 0
            func transition(_ action: Transition.Action, _ reason: String, estimate: Bool = true) throws(StoreError) -> Transition {
                let counts = try progress()[campaign.header.name] ?? [:]
                let sent = counts.filter { $0.key.isSentOrBeyond || $0.key == .failed }.values.reduce(0, +)
                let remaining = max(0, total - sent)
                return Transition(
                    action: action, kind: "Campaign", name: campaign.header.name, detail: nil, reason: reason, messages: remaining,
                    estimatedCompletion: estimate
                        ? CompletionEstimate(configuration: configuration, now: now)
                            .finish(of: campaign, messages: remaining, liveCampaigns: live.campaigns) : nil)
            }
            switch (campaign.desiredState, actual) {
            case (.running, nil), (.running, .draft?), (.running, .cancelled?):
                if let start = campaign.schedule.start, Double(start.secondsSince1970) > now.timeIntervalSince1970 {
                    transitions.append(try transition(.schedule, "state: running in the files; starts at \(start.text)"))
                } else {
                    transitions.append(try transition(.start, "state: running in the files"))
                }
            case (.paused, .running?), (.paused, .scheduled?), (.draft, .running?), (.draft, .scheduled?):
                transitions.append(try transition(.pause, "state: \(campaign.desiredState.rawValue) in the files", estimate: false))
            case (.paused, .failed?), (.draft, .failed?):
                transitions.append(
                    try transition(.pause, "state: \(campaign.desiredState.rawValue) in the files; the campaign had failed", estimate: false))
            case (.running, .paused?):
                transitions.append(try transition(.resume, "state: running in the files"))
            case (.running, .failed?):
                let why = live.campaigns[campaign.header.name]?.stateReason.map { " (\($0))" } ?? ""
                if let stall = try stall(of: campaign) {
                    warnings.append(
                        "Campaign/\(campaign.header.name) failed and stays failed: \(stall); it runs again once one of its senders can send")
                } else {
                    transitions.append(try transition(.resume, "state: running in the files; it had failed\(why) and a sender can send now"))
                }
            default:
                break  // completed, or already as desired: status is not drift
            }
        }

        // Broadcast sends.
        for list in configuration.broadcastLists {
            let started = live.broadcastSends[list.header.name] ?? []
            let members = report.contacts["BroadcastList/\(list.header.name)"]?.count ?? 0
            for send in list.sends where !started.contains(send.id.value) {
                transitions.append(
                    Transition(
                        action: .send, kind: "BroadcastList", name: list.header.name, detail: send.id.value,
                        reason: "new entry '\(send.id.value)' in sends", messages: members, estimatedCompletion: nil))
            }
        }

        warnings += Self.serviceWindowWarnings(configuration, live: live)

        return Plan(
            serial: live.serial, lineage: live.lineage, revision: revision, contentHash: contentHash,
            directory: configuration.directory, createdAt: now, changes: changes, transitions: transitions, warnings: warnings)
    }

    private func resourceChange(
        _ resource: DesiredResource, record: ResourceRecord?, contacts: ContactSummary?,
        progress: () throws(StoreError) -> [ContactStatus: Int]?
    ) throws(StoreError) -> ResourceChange? {
        let sensitive = Set(resource.header.secrets.map(\.fieldPath))
        var diff = FieldDiff(sensitivePaths: sensitive)
        guard let record else {
            diff.compare(nil, resource.spec)
            let delta = contacts.map { ContactDelta(total: $0.count, added: $0.count, removed: 0, alreadySent: 0, changed: 0) }
            return ResourceChange(
                action: .create, kind: resource.key.kind, name: resource.key.name, reason: "new in the files", fields: diff.changes,
                unchangedFields: 0, contacts: delta, affectedUnsent: nil)
        }
        let contactsChanged = contacts.map { $0.fingerprint != record.contactsFingerprint } ?? false
        guard record.specHash != resource.specHash || record.secretDigests != resource.secretDigests || contactsChanged else { return nil }
        let before = try? SpecValue(json: record.spec)
        diff.compare(before, resource.spec)
        for (path, digest) in resource.secretDigests where record.secretDigests[path] != nil && record.secretDigests[path] != digest {
            if !diff.changes.contains(where: { $0.path == path }) { diff.secretChanged(at: path) }
        }
        var delta: ContactDelta?
        if contactsChanged, let contacts {
            delta = try contactDelta(for: resource, summary: contacts)
        }
        var affected: Int?
        if resource.key.kind == ResourceKind.campaign.rawValue,
            diff.changes.contains(where: { $0.path == "message" || $0.path.hasPrefix("template") || $0.path.hasPrefix("media") })
        {
            let counts = try progress()
            affected = (counts?[.pending] ?? 0) + (counts?[.queued] ?? 0)
        }
        return ResourceChange(
            action: .update, kind: resource.key.kind, name: resource.key.name, reason: "changed in the files", fields: diff.changes,
            unchangedFields: diff.unchanged, contacts: delta, affectedUnsent: affected)
    }

    /// Counts added and removed contacts by reading the list and the recorded contacts.
    private func contactDelta(for resource: DesiredResource, summary: ContactSummary) throws(StoreError) -> ContactDelta {
        guard resource.key.kind == ResourceKind.campaign.rawValue,
            let campaign = report.configuration.campaigns.first(where: { $0.header.name == resource.key.name })
        else {
            return ContactDelta(total: summary.count, added: 0, removed: 0, alreadySent: 0, changed: summary.count)
        }
        let recorded = try store.campaignContacts(campaign.header.name)
        let wanted = campaign.contacts.records(
            in: report.configuration.directory, defaultCountryCode: report.configuration.settings.defaultCountryCode)
        let wantedPhones = Set(wanted.map(\.phone))
        let added = wanted.count { recorded[$0.phone] == nil || recorded[$0.phone] == .cancelled }
        var removed = 0, alreadySent = 0
        for (phone, status) in recorded where !wantedPhones.contains(phone) && status != .cancelled {
            removed += 1
            if status.isSentOrBeyond || status == .failed { alreadySent += 1 }
        }
        let unchangedPhones = wanted.count - added
        return ContactDelta(
            total: wanted.count, added: added, removed: removed, alreadySent: alreadySent,
            changed: added == 0 && removed == 0 ? unchangedPhones : 0)
    }

    /// Free-form messages (no `template`) that campaigns and broadcast lists would send
    /// from Cloud API senders: WhatsApp delivers them only inside the contact's 24-hour
    /// customer-service window, and the dispatcher fails the others without sending them.
    /// Campaigns that completed or were cancelled, and broadcast sends already started,
    /// send nothing more and are not warned about.
    static func serviceWindowWarnings(_ configuration: Configuration, live: LiveState) -> [String] {
        let cloudSenders = Set(configuration.senders.filter { $0.transport == .cloudAPI }.map(\.header.name))
        guard !cloudSenders.isEmpty else { return [] }
        let consequence =
            "WhatsApp delivers free-form messages only to contacts who wrote to that number in the last 24 hours; "
            + "the others fail (outbox.outside-service-window) without being sent. Use a `template` for business-initiated messages"
        func named(_ senders: [String]) -> String {
            "cloud-api sender\(senders.count == 1 ? "" : "s") " + senders.map { "'\($0)'" }.joined(separator: ", ")
        }
        var warnings: [String] = []
        for campaign in configuration.campaigns where campaign.content.template == nil {
            if let state = live.campaigns[campaign.header.name]?.state, state == .completed || state == .cancelled { continue }
            let senders = campaign.senders.map(\.value).filter(cloudSenders.contains)
            guard !senders.isEmpty else { continue }
            warnings.append("Campaign/\(campaign.header.name) sends free-form content (no template) from \(named(senders)): \(consequence)")
        }
        for list in configuration.broadcastLists where cloudSenders.contains(list.sender.value) {
            let started = live.broadcastSends[list.header.name] ?? []
            let sends = list.sends.filter { $0.content.template == nil && !started.contains($0.id.value) }.map { "'\($0.id.value)'" }
            guard !sends.isEmpty else { continue }
            warnings.append(
                "BroadcastList/\(list.header.name) sends free-form content (no template) in \(sends.joined(separator: ", ")) from "
                    + "\(named([list.sender.value])): \(consequence)")
        }
        return warnings
    }

    /// Settings, senders, campaigns, broadcast lists, auto-replies, flows; then by name.
    static func applyOrder(_ lhs: ResourceKey, _ rhs: ResourceKey) -> Bool {
        let left = ResourceKind(rawValue: lhs.kind)?.order ?? 99
        let right = ResourceKind(rawValue: rhs.kind)?.order ?? 99
        return (left, lhs.name) < (right, rhs.name)
    }
}
