import Foundation
import Manifest
import Store

/// Puts broadcast sends into the outbox: every entry of a list's `sends` that `apply`
/// started goes to every member once, in batches of `batchSize` members `batchPause`
/// apart (each batch's messages may not leave before their batch's time; the
/// dispatcher's pacing and quotas apply on top).
///
/// Dedupe keys are `broadcast/<list>/<send>/<phone>`: a restart, or a send seen again,
/// queues nothing twice. Members come from the list's CSV or inline contacts, read once
/// when the feeder is made.
public struct BroadcastFeeder: Sendable {
    private struct List: Sendable {
        var list: BroadcastList
        var members: [UnqueuedCampaignContact]
    }

    private let lists: [List]
    private let store: SQLiteStore
    /// Sends (`list/send`) fully queued by this feeder: not read again.
    private var queued: Set<String> = []

    /// A feeder for `configuration`'s broadcast lists; member files are read now.
    public init(configuration: Configuration, store: SQLiteStore) {
        let code = configuration.settings.defaultCountryCode
        self.lists = configuration.broadcastLists.map { list in
            var members: [UnqueuedCampaignContact] = []
            switch list.members {
            case .file(let path):
                let url = URL(fileURLWithPath: configuration.directory).appendingPathComponent(path.value)
                if let data = FileManager.default.contents(atPath: url.path) {
                    let file = ContactsFile.parse(bytes: Array(data), defaultCountryCode: code, fingerprinting: false)
                    members = file.contacts.map { contact in
                        var variables: [String: String] = [:]
                        for (index, column) in file.columns.enumerated() where index != file.phoneColumn && index != file.nameColumn {
                            variables[column] = contact[column: index]
                        }
                        return UnqueuedCampaignContact(phone: contact.phone.e164, name: contact.name, variables: variables)
                    }
                }
            case .inline(let contacts):
                members = contacts.compactMap { contact in
                    guard case .success(let phone) = PhoneNumber.normalize(contact.phone.value, defaultCountryCode: code) else { return nil }
                    return UnqueuedCampaignContact(phone: phone.e164, name: contact.name, variables: contact.fields)
                }
            }
            return List(list: list, members: members)
        }
        self.store = store
    }

    /// Enqueues the members of every started send not yet queued; returns how many
    /// messages were new.
    @discardableResult
    public mutating func tick(now: Date) throws -> Int {
        let started = try store.snapshot().broadcastSends
        var enqueued = 0
        for entry in lists {
            let name = entry.list.header.name
            let batchSize = max(1, entry.list.batchSize)
            let pause = Double(entry.list.batchPause.components.seconds) + Double(entry.list.batchPause.components.attoseconds) / 1e18
            for send in entry.list.sends where started[name]?.contains(send.id.value) == true {
                let key = "\(name)/\(send.id.value)"
                guard !queued.contains(key) else { continue }
                var messages: [NewOutboxMessage] = []
                for (index, member) in entry.members.enumerated() {
                    messages.append(
                        try NewOutboxMessage(
                            dedupeKey: "broadcast/\(key)/\(member.phone)", recipient: member.phone,
                            origin: OutboxOrigin(kind: .broadcast, name: name), message: CampaignFeeder.payload(send.content, for: member),
                            sender: entry.list.sender.value, notBefore: now.addingTimeInterval(Double(index / batchSize) * pause)))
                }
                enqueued += try store.enqueue(messages).count { $0.isNew }
                queued.insert(key)
            }
        }
        return enqueued
    }
}
