import Foundation

/// The durable outbox, the send log and the senders' dispatch status: what the outbox
/// dispatcher needs so that nothing is lost and nothing is sent twice.
///
/// Like ``StateStore``, this is the boundary a PostgreSQL store will also implement (a
/// claim there is an `UPDATE … WHERE state = 'queued'` on a row read with
/// `FOR UPDATE SKIP LOCKED`). Every method is synchronous, may block on I/O, and writes
/// in one transaction.
///
/// The life of a row: ``enqueue(_:)`` (a taken dedupe key is a no-op) → ``claim(_:)``
/// (`queued → sending`, before any transport sees it) → ``settle(_:)`` with the send's
/// outcome → ``applyDelivery(_:)`` with the provider's statuses. Rows left in `sending` by
/// a process that stopped are resolved by ``recoverInterruptedSends(at:resending:)``
/// before a dispatcher starts.
public protocol OutboxStore: Sendable {
    /// Enqueues messages; a message whose dedupe key is taken writes nothing.
    ///
    /// A campaign message (origin kind `campaign`) is linked to its contact row (same
    /// campaign and phone, not yet linked), which becomes `queued`.
    /// - Returns: one result per message, in order.
    @discardableResult
    func enqueue(_ messages: [NewOutboxMessage]) throws(StoreError) -> [EnqueuedMessage]

    /// Queued rows of each selection, due first (by `not_before`, then id), at most
    /// `limitEach` per selection; a row matched by two selections is returned once.
    func queuedMessages(_ selections: [OutboxSelection], limitEach: Int) throws(StoreError) -> [OutboxRecord]

    /// Claims a queued row for a sender: `queued → sending`, the sender recorded,
    /// attempts + 1, a send log row at `claim.countedAt` (so the quota windows count it
    /// even if the process stops before the outcome), the campaign contact `sending`.
    /// A business message (campaign, broadcast, manual) to a contact on the suppression
    /// list is cancelled instead (`the contact opted out`), and nil returned.
    /// - Returns: the claimed row, or nil when it is no longer queued (nothing written).
    func claim(_ claim: OutboxClaim) throws(StoreError) -> OutboxRecord?

    /// Writes a claimed send's outcome with the sender's status and events.
    ///
    /// The row changes only while it is still `sending`; the sender's status and the
    /// events are written either way.
    /// - Returns: whether the row changed.
    @discardableResult
    func settle(_ settlement: OutboxSettlement) throws(StoreError) -> Bool

    /// Writes outcomes, then claims rows, in one transaction: the dispatcher's group
    /// commit, one commit for the sends of several senders (and, for each sender, the
    /// outcome of its last send with the claim of its next).
    ///
    /// Each settlement is written as ``settle(_:)`` writes it and each claim taken as
    /// ``claim(_:)`` takes it, in order; it is all or nothing: when it throws, nothing was
    /// written. (The default implementation, for stores that cannot group writes, writes
    /// each in a transaction of its own and stops at the first error.)
    /// - Returns: one result per claim, in order, as ``claim(_:)`` returns it.
    func settle(_ settlements: [OutboxSettlement], claiming claims: [OutboxClaim]) throws(StoreError) -> [OutboxRecord?]

    /// Moves the row with the provider's id forward (`sent → delivered → read`, or to
    /// `failed`), never back; its campaign contact follows.
    func applyDelivery(_ update: DeliveryUpdate) throws(StoreError) -> DeliveryUpdateResult

    /// Resolves rows left in `sending`: back to `queued` when `resending` says their
    /// origin resends unknown messages, `unknown` otherwise; an event records how many.
    /// Call before a dispatcher starts, while no other dispatcher runs.
    func recoverInterruptedSends(at now: Date, resending: (OutboxOrigin) -> Bool) throws(StoreError) -> InterruptedSends

    /// Every persisted sender status, and the send log of `senders` since `sendsSince` and
    /// of `campaigns` since `campaignSendsSince`, read in one snapshot. Each read is a
    /// range of an index, so the cost follows the windows, not the log's whole history.
    func dispatchHistory(senders: [String], campaigns: [String], sendsSince: Date, campaignSendsSince: Date) throws(StoreError)
        -> DispatchHistory

    /// Writes a sender's dispatch status (creating its row if needed) and history lines.
    func saveSenderStatus(_ status: SenderDispatchStatus, events: [EventRecord]) throws(StoreError)

    /// The row with this id, if any.
    func outboxRecord(id: Int64) throws(StoreError) -> OutboxRecord?

    /// Fails a queued row for good without claiming it: no send log row, no transport,
    /// the campaign contact `failed`. For a message that cannot go out at all (the
    /// customer-service window of every sender that may send it is closed).
    /// - Returns: false when the row is no longer queued (nothing written).
    @discardableResult
    func failQueued(_ id: Int64, error: OutboxError, at now: Date) throws(StoreError) -> Bool

    /// When `contact` last wrote to each sender, by sender name (senders it never wrote to
    /// are absent): where each sender's 24-hour customer-service window with it started.
    /// One index range per contact.
    func lastInboundMessages(from contact: String) throws(StoreError) -> [String: Date]

    /// The id of the newest inbound message, 0 when there is none. It grows with every
    /// message stored, so an unchanged id tells a cache of ``lastInboundMessages(from:)``
    /// that no window has opened since.
    func latestInboundID() throws(StoreError) -> Int64
}

extension OutboxStore {
    /// Writes each settlement, then takes each claim, in a transaction of its own,
    /// stopping at the first error (which it throws): for stores that cannot group writes.
    public func settle(_ settlements: [OutboxSettlement], claiming claims: [OutboxClaim]) throws(StoreError) -> [OutboxRecord?] {
        for settlement in settlements {
            try settle(settlement)
        }
        var claimed: [OutboxRecord?] = []
        claimed.reserveCapacity(claims.count)
        for claim in claims {
            claimed.append(try self.claim(claim))
        }
        return claimed
    }
}
