import Foundation

/// A sender's connection changed, as the provider announced it (a WhatsApp Web gateway's
/// `session.status` webhook).
///
/// The scheduler may act on it at once (stop picking a sender that needs its QR code
/// scanned) instead of waiting for the next ``Transport/connectionStatus()`` poll.
public struct ConnectionChange: Sendable, Hashable {
    /// The sender the change concerns: the gateway's session name.
    public var phoneNumberID: String
    /// The new status. A QR code is never included: fetch it when needed, it rotates.
    public var status: ConnectionStatus
    /// The provider's word for the status, verbatim (`SCAN_QR_CODE`).
    public var providerStatus: String
    /// The provider's id of this announcement, equal across redeliveries; the event's
    /// timestamp when the provider sent no id.
    public var eventID: String
    /// When the provider announced it; nil when the payload had no readable timestamp.
    public var timestamp: Date?

    /// Creates a change.
    public init(phoneNumberID: String, status: ConnectionStatus, providerStatus: String, eventID: String, timestamp: Date?) {
        self.phoneNumberID = phoneNumberID
        self.status = status
        self.providerStatus = providerStatus
        self.eventID = eventID
        self.timestamp = timestamp
    }
}
