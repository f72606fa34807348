import Foundation
import Store
import Synchronization

/// An outbox store that behaves like the one it wraps until the process "dies": from
/// settle number `dyingAt` on, outcomes are never written, as if the process stopped
/// after the transport answered and before the outcome was committed.
final class SettleFailingStore: OutboxStore {
    private let base: any OutboxStore
    private let dyingAt: Int
    private let settles = Mutex(0)

    init(_ base: any OutboxStore, dyingAtSettle number: Int = 1) {
        self.base = base
        self.dyingAt = number
    }

    func settle(_ settlement: OutboxSettlement) throws(StoreError) -> Bool {
        let number = settles.withLock { count in
            count += 1
            return count
        }
        guard number < dyingAt else { throw StoreError(.database, "injected crash before settle \(number)") }
        return try base.settle(settlement)
    }

    func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage] { try base.enqueue(messages) }
    func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord] {
        try base.queuedMessages(selections, limitEach: limitEach)
    }
    func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord? { try base.claim(claim) }
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
