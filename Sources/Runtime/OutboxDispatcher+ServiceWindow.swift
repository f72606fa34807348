import Foundation
import Store

extension OutboxDispatcher {
    /// A message whose every sender needs a customer-service window that is closed.
    struct ClosedWindow: Sendable {
        var record: OutboxRecord
        var senders: [String]
    }

    /// The senders among `allowed` that may send `record` at `now` as far as the
    /// customer-service window goes: all of them for a template or when none requires
    /// the window; for a free-form message, those that do not require it and those whose
    /// window with the contact is open.
    ///
    /// Costs nothing unless `allowed` names a sender that requires the window; then the
    /// payload is decoded and, once per contact until a new inbound message arrives, the
    /// contact's last messages are read (one index range).
    func sendersWithOpenWindow(
        for record: OutboxRecord, allowed: [String], at now: Date, checkedInbox: inout Bool
    ) throws(RuntimeError) -> [String] {
        guard allowed.contains(where: windowSenders.contains) else { return allowed }
        // An unreadable payload fails when it is sent, with its own reason.
        guard let payload = try? OutboxPayload.decode(record.payload), payload.isFreeForm else { return allowed }
        if !checkedInbox {
            checkedInbox = true
            let watermark = try storing { () throws(StoreError) in try store.latestInboundID() }
            if watermark != serviceWindows.inboxWatermark || serviceWindows.lastInbound.count >= serviceWindows.capacity {
                serviceWindows.lastInbound = [:]
                serviceWindows.inboxWatermark = watermark
            }
        }
        let contact = record.recipient
        let lastInbound: [String: Date]
        if let cached = serviceWindows.lastInbound[contact] {
            lastInbound = cached
        } else {
            lastInbound = try storing { () throws(StoreError) in try store.lastInboundMessages(from: contact) }
            serviceWindows.lastInbound[contact] = lastInbound
        }
        return allowed.filter { sender in
            !windowSenders.contains(sender) || CustomerServiceWindow.isOpen(lastInbound: lastInbound[sender], at: now)
        }
    }

    /// Fails the messages that no sender may send because their windows are closed.
    func failClosedWindows(_ closed: [ClosedWindow], at now: Date) throws(RuntimeError) {
        for entry in closed {
            let error = CustomerServiceWindow.closedError(contact: entry.record.recipient, senders: entry.senders)
            _ = try storing { () throws(StoreError) in try store.failQueued(entry.record.id, error: error, at: now) }
        }
    }
}
