import Foundation
import Store

/// WhatsApp's customer-service window: free-form messages reach a contact only within
/// 24 hours of the contact's last message to that sender; after it, a template is needed
/// (the Cloud API refuses free-form text with error 131047).
///
/// The outbox dispatcher applies it before any transport sees a message: a free-form
/// message (anything but a template) is kept off every sender that requires the window
/// (``Scheduler/SenderProfile/requiresServiceWindow``, the Cloud API's) while the
/// contact's window with it is closed, and fails with ``closedCode`` when no sender it
/// may use is left. Simulator and gateway senders are not subject to it.
public enum CustomerServiceWindow {
    /// How long the window stays open after the contact's last message.
    public static let length: Duration = .seconds(86_400)

    /// The error code of a message failed because every window it needed was closed.
    public static let closedCode = "outbox.outside-service-window"

    /// Whether free-form text may go to a contact whose last message arrived at `lastInbound`.
    public static func isOpen(lastInbound: Date?, at date: Date) -> Bool {
        guard let lastInbound else { return false }
        return date.timeIntervalSince(lastInbound) < TimeInterval(length.components.seconds)
    }

    /// The failure of a free-form message to `contact` whose window with each of `senders` is closed.
    public static func closedError(contact: String, senders: [String]) -> OutboxError {
        let names = senders.map { "'\($0)'" }
        let on = names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
        return OutboxError(
            code: closedCode,
            reason: "the 24-hour customer-service window with \(contact) on \(on) is closed (the contact has not written to "
                + "\(senders.count == 1 ? "it" : "them") in the last 24 hours); send a WhatsApp template instead")
    }
}
