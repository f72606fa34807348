import Foundation
import Store
import Synchronization

/// The SQLite store as the dispatcher sees it, counting its write transactions: how many
/// messages each commit claims is the transaction shape the raw SQLite run repeats.
final class CountingStore: OutboxStore {
    private let base: SQLiteStore
    private let counts = Mutex((commits: 0, claims: 0, settlements: 0, reads: 0, rowsRead: 0))

    init(_ base: SQLiteStore) {
        self.base = base
    }

    /// Write transactions of claims and outcomes, rows claimed, outcomes written, reads of
    /// queued rows and rows they returned.
    var totals: (commits: Int, claims: Int, settlements: Int, reads: Int, rowsRead: Int) { counts.withLock { $0 } }

    private func count(claims: Int, settlements: Int) {
        counts.withLock { counts in
            counts.commits += 1
            counts.claims += claims
            counts.settlements += settlements
        }
    }

    func settle(_ settlements: [OutboxSettlement], claiming claims: [OutboxClaim]) throws(StoreError) -> [OutboxRecord?] {
        count(claims: claims.count, settlements: settlements.count)
        return try base.settle(settlements, claiming: claims)
    }

    func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord? {
        count(claims: 1, settlements: 0)
        return try base.claim(claim)
    }

    func settle(_ settlement: OutboxSettlement) throws(StoreError) -> Bool {
        count(claims: 0, settlements: 1)
        return try base.settle(settlement)
    }

    func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage] { try base.enqueue(messages) }
    func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord] {
        let rows = try base.queuedMessages(selections, limitEach: limitEach)
        counts.withLock { counts in
            counts.reads += 1
            counts.rowsRead += rows.count
        }
        return rows
    }
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
