import Foundation
import Manifest
import Store
import Synchronization

/// Carries out a plan: one store transaction per group of resources, in apply order
/// (settings, senders, campaigns, broadcast lists, auto-replies, flows, then deletions),
/// so a failure leaves every earlier group applied and says which.
public struct Applier {
    public var report: ValidationReport
    public var store: any StateStore
    public var now: Date

    public init(report: ValidationReport, store: any StateStore, now: Date) {
        self.report = report
        self.store = store
        self.now = now
    }

    /// What happened, group by group.
    public struct Outcome: Sendable {
        /// Groups applied, in order, with what they changed.
        public var applied: [String] = []
        /// The group that failed and why, if one did.
        public var failure: (group: String, error: StoreError)?
        /// Groups not attempted after the failure.
        public var skipped: [String] = []
        /// The serial after the last applied group.
        public var serial: Int64?
    }

    /// Applies `plan`. The first group carries the plan's serial, so a plan made against
    /// a state that has moved is refused before anything is written.
    public func apply(_ plan: Plan, desired: [ResourceKey: DesiredResource]) -> Outcome {
        var outcome = Outcome()
        var groups = groups(for: plan, desired: desired)
        if groups.isEmpty {
            // Nothing to change, but a saved plan must still be current.
            groups = [("state check", StateChange(expectedSerial: plan.serial))]
        } else {
            groups[0].1.expectedSerial = plan.serial
        }
        for (index, (name, change)) in groups.enumerated() {
            do {
                outcome.serial = try store.apply(change)
                outcome.applied.append(name)
            } catch {
                outcome.failure = (name, error)
                outcome.skipped = groups[(index + 1)...].map(\.0)
                break
            }
        }
        return outcome
    }

    private func groups(for plan: Plan, desired: [ResourceKey: DesiredResource]) -> [(String, StateChange)] {
        let configuration = report.configuration
        var byKind: [String: StateChange] = [:]
        var order: [String] = []
        func change(_ kind: String) -> StateChange {
            if byKind[kind] == nil {
                byKind[kind] = StateChange()
                order.append(kind)
            }
            return byKind[kind]!
        }
        func update(_ kind: String, _ body: (inout StateChange) -> Void) {
            var value = change(kind)
            body(&value)
            byKind[kind] = value
        }
        let contactLists = Self.contactLists(for: plan, configuration: configuration)
        let startTransitions = Set(plan.transitions.filter { [.start, .resume].contains($0.action) && $0.kind == "Campaign" }.map(\.name))

        for resourceChange in plan.changes where resourceChange.action != .delete {
            guard let resource = desired[resourceChange.key] else { continue }
            let group = "\(resource.key.kind) changes"
            update(group) { change in
                change.upserts.append(
                    ResourceRecord(
                        key: resource.key, spec: resource.specJSON, specHash: resource.specHash, secretDigests: resource.secretDigests,
                        isProtected: resource.header.isProtected, contactsFingerprint: report.contacts[resource.key.description]?.fingerprint,
                        revision: plan.revision, appliedAt: now))
                change.events.append(
                    EventRecord(
                        at: now, kind: "resource.\(resourceChange.action.rawValue)", resource: resource.key.description,
                        message: "\(resourceChange.action.rawValue)d by revision \(plan.revision)"))
                if resource.key.kind == ResourceKind.sender.rawValue, resourceChange.action == .create {
                    change.createdSenders.append(resource.key.name)
                }
            }
            guard resource.key.kind == ResourceKind.campaign.rawValue, resourceChange.contacts != nil || resourceChange.action == .create,
                let campaign = configuration.campaigns.first(where: { $0.header.name == resource.key.name })
            else { continue }
            // Contacts: add the new ones once, cancel the removed unsent ones, refresh values.
            let contacts = contactLists[campaign.header.name] ?? PendingContacts(fulfilled: [])
            update(group) { change in
                let isLive =
                    startTransitions.contains(campaign.header.name)
                    || (resourceChange.action == .update && campaign.desiredState == .running)
                change.contactLists.append(
                    ContactListSync(
                        campaign: campaign.header.name, status: isLive ? .queued : .pending,
                        cancelsMissing: resourceChange.action == .update, contacts: { contacts.value }))
            }
        }

        for transition in plan.transitions {
            let group = "\(transition.kind) changes"
            update(group) { change in
                switch transition.action {
                case .start, .resume, .schedule:
                    let state: CampaignState = transition.action == .schedule ? .scheduled : .running
                    change.campaignStates.append(CampaignRecord(name: transition.name, state: state, messageHash: messageHash(transition.name)))
                    if state == .running { change.queuedCampaigns.append(transition.name) }
                case .pause:
                    change.campaignStates.append(CampaignRecord(name: transition.name, state: .paused, messageHash: messageHash(transition.name)))
                case .stop:
                    let previous = (try? store.snapshot().campaigns[transition.name]?.messageHash) ?? nil
                    change.campaignStates.append(CampaignRecord(name: transition.name, state: .cancelled, messageHash: previous ?? ""))
                    change.cancelledCampaigns.append(transition.name)
                case .send:
                    if let send = transition.detail { change.startedBroadcastSends.append((transition.name, send)) }
                }
                change.events.append(
                    EventRecord(
                        at: now, kind: "\(transition.kind.lowercased()).\(transition.action.rawValue)",
                        resource: "\(transition.kind)/\(transition.name)", message: transition.reason))
            }
        }
        // New campaigns that stay drafts still get their row, so progress can be shown.
        for resourceChange in plan.changes where resourceChange.action == .create && resourceChange.kind == ResourceKind.campaign.rawValue {
            if !plan.transitions.contains(where: { $0.kind == "Campaign" && $0.name == resourceChange.name }) {
                update("Campaign changes") { change in
                    change.campaignStates.append(
                        CampaignRecord(name: resourceChange.name, state: .draft, messageHash: messageHash(resourceChange.name)))
                }
            }
        }

        let deletions = plan.changes.filter { $0.action == .delete }
        if !deletions.isEmpty {
            update("deletions") { change in
                for deletion in deletions {
                    change.deletions.append(deletion.key)
                    if deletion.kind == ResourceKind.sender.rawValue { change.deletedSenders.append(deletion.name) }
                    change.events.append(
                        EventRecord(
                            at: now, kind: "resource.delete", resource: deletion.key.description, message: "deleted by revision \(plan.revision)"))
                }
            }
        }
        let kindOrder = ResourceKind.allCases.map { "\($0.rawValue) changes" } + ["deletions"]
        return order.sorted { (kindOrder.firstIndex(of: $0) ?? 99) < (kindOrder.firstIndex(of: $1) ?? 99) }.map { ($0, byKind[$0]!) }
    }

    /// Starts reading the contact lists of every campaign the plan creates or whose list
    /// changed, in the background on Dispatch's threads, each sorted by number (the store
    /// inserts in key order). The store asks for each list inside its transaction, so
    /// reading later lists overlaps writing earlier ones.
    static func contactLists(for plan: Plan, configuration: Configuration) -> [String: PendingContacts] {
        let names = Set(
            plan.changes.filter { $0.kind == ResourceKind.campaign.rawValue && ($0.action == .create || $0.contacts != nil) }.map(\.name))
        let campaigns = configuration.campaigns.filter { names.contains($0.header.name) }.sorted { $0.header.name < $1.header.name }
        let pending = Dictionary(uniqueKeysWithValues: campaigns.map { ($0.header.name, PendingContacts()) })
        DispatchQueue.global().async {
            DispatchQueue.concurrentPerform(iterations: campaigns.count) { index in
                let campaign = campaigns[index]
                let records = campaign.contacts.records(
                    in: configuration.directory, defaultCountryCode: configuration.settings.defaultCountryCode)
                let contacts = records.map { CampaignContact(phone: $0.phone, name: $0.name, variables: $0.variables) }
                    .sorted { $0.phone < $1.phone }
                pending[campaign.header.name]!.fulfil(contacts)
            }
        }
        return pending
    }

    /// The hash of what a campaign sends, to tell later whether queued messages are stale.
    private func messageHash(_ campaign: String) -> String {
        guard let spec = report.configuration.campaigns.first(where: { $0.header.name == campaign })?.header.spec else { return "" }
        let content = SpecValue.map(["message", "template", "media"].compactMap { key in spec[key].map { SpecValue.Entry(key: key, value: $0) } })
        return Digest.hex(of: content.canonicalJSON)
    }
}
