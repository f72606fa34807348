import Foundation
import Store
import Synchronization

/// An outbox store that passes every call to the one it wraps and remembers the group
/// commits (how many outcomes and claims each carried) and the reads of queued rows.
final class CountingOutboxStore: OutboxStore {
    /// One call of ``settle(_:claiming:)``.
    struct GroupCommit: Equatable {
        var settlements: Int
        var claims: Int
    }

    private let base: any OutboxStore
    private let state = Mutex<(commits: [GroupCommit], reads: Int)>(([], 0))

    init(_ base: any OutboxStore) {
        self.base = base
    }

    /// Every group commit so far, oldest first.
    var commits: [GroupCommit] { state.withLock { $0.commits } }
    /// Reads of queued rows so far.
    var reads: Int { state.withLock { $0.reads } }

    func settle(_ settlements: [OutboxSettlement], claiming claims: [OutboxClaim]) throws(StoreError) -> [OutboxRecord?] {
        state.withLock { $0.commits.append(GroupCommit(settlements: settlements.count, claims: claims.count)) }
        return try base.settle(settlements, claiming: claims)
    }

    func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord] {
        state.withLock { $0.reads += 1 }
        return try base.queuedMessages(selections, limitEach: limitEach)
    }

    func settle(_ settlement: OutboxSettlement) throws(StoreError) -> Bool { try base.settle(settlement) }
    func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord? { try base.claim(claim) }
    func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage] { try base.enqueue(messages) }
    func applyDelivery(_ update: DeliveryUpdate) throws(StoreError) -> DeliveryUpdateResult { try base.applyDelivery(update) }
    func recoverInterruptedSends(at now: Date, resending: (OutboxOrigin) -> Bool) throws(StoreError) -> InterruptedSends {
        try base.recoverInterruptedSends(at: now, resending: resending)
    }
    func dispatchHistory(senders: [String], campaigns: [String], sendsSince: Date, campaignSendsSince: Date) throws(StoreError)
        -> DispatchHistory
    {
        try base.dispatchHistory(senders: senders, campaigns: campaigns, sendsSince: sendsSince, campaignSendsSince: campaignSendsSince)
    }
    func saveSenderStatus(_ status: SenderDispatchStatus, events: [EventRecord]) throws(StoreError) {
        try base.saveSenderStatus(status, events: events)
    }
    func outboxRecord(id: Int64) throws(StoreError) -> OutboxRecord? { try base.outboxRecord(id: id) }
    func failQueued(_ id: Int64, error: OutboxError, at now: Date) throws(StoreError) -> Bool { try base.failQueued(id, error: error, at: now) }
    func lastInboundMessages(from contact: String) throws(StoreError) -> [String: Date] { try base.lastInboundMessages(from: contact) }
    func latestInboundID() throws(StoreError) -> Int64 { try base.latestInboundID() }
}
