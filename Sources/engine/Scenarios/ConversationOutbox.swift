import Foundation
import Store

/// The outbox as a conversation's dispatcher sees it: the state's rows, but only the
/// queued ones addressed to the conversation's contact.
///
/// `engine chat --state` may open a state that holds other contacts' messages; the chat's
/// simulator must never "send" those (they would be marked sent without leaving). For the
/// same reason, rows another process left `sending` are not this dispatcher's to recover.
struct ConversationOutbox: OutboxStore {
    let store: SQLiteStore
    let contact: String

    func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage] {
        try store.enqueue(messages)
    }

    func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord] {
        try store.queuedMessages(selections, limitEach: limitEach, recipient: contact)
    }

    func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord? {
        try store.claim(claim)
    }

    func settle(_ settlement: OutboxSettlement) throws(StoreError) -> Bool {
        try store.settle(settlement)
    }

    func settle(_ settlements: [OutboxSettlement], claiming claims: [OutboxClaim]) throws(StoreError) -> [OutboxRecord?] {
        try store.settle(settlements, claiming: claims)
    }

    func applyDelivery(_ update: DeliveryUpdate) throws(StoreError) -> DeliveryUpdateResult {
        try store.applyDelivery(update)
    }

    func recoverInterruptedSends(at now: Date, resending: (OutboxOrigin) -> Bool) throws(StoreError) -> InterruptedSends {
        InterruptedSends()
    }

    func dispatchHistory(senders: [String], campaigns: [String], sendsSince: Date, campaignSendsSince: Date) throws(StoreError)
        -> DispatchHistory
    {
        try store.dispatchHistory(senders: senders, campaigns: campaigns, sendsSince: sendsSince, campaignSendsSince: campaignSendsSince)
    }

    func saveSenderStatus(_ status: SenderDispatchStatus, events: [EventRecord]) throws(StoreError) {
        try store.saveSenderStatus(status, events: events)
    }

    func outboxRecord(id: Int64) throws(StoreError) -> OutboxRecord? {
        try store.outboxRecord(id: id)
    }

    func failQueued(_ id: Int64, error: OutboxError, at now: Date) throws(StoreError) -> Bool {
        try store.failQueued(id, error: error, at: now)
    }

    func lastInboundMessages(from contact: String) throws(StoreError) -> [String: Date] {
        try store.lastInboundMessages(from: contact)
    }

    func latestInboundID() throws(StoreError) -> Int64 {
        try store.latestInboundID()
    }
}
