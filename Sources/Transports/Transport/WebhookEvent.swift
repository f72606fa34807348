/// Something a provider told the engine through a webhook, after the signature checked out.
public enum WebhookEvent: Sendable, Hashable {
    /// A WhatsApp user wrote to one of our numbers.
    case message(InboundMessage)
    /// A message we sent changed state (sent, delivered, read, failed).
    case status(DeliveryStatus)
    /// The provider reported a problem not tied to one message (throughput, account).
    case systemError(SystemErrorReport)
    /// A sender's connection changed (a WhatsApp Web session stopped, needs its QR code
    /// scanned, or is working again).
    case connectionChanged(ConnectionChange)

    /// A key that is equal for redeliveries of the same event and differs between
    /// events: `message:<id>`, `status:<message id>:<state>`,
    /// `system-error:<phone number id>:<code>:<details>`,
    /// `connection:<phone number id>:<provider status>:<event id>`. The caller deduplicates.
    public var deduplicationKey: String {
        switch self {
        case .message(let message):
            "message:\(message.id)"
        case .status(let status):
            "status:\(status.messageID):\(status.state.rawValue)"
        case .systemError(let report):
            "system-error:\(report.phoneNumberID):\(report.error.code):\(report.error.details ?? report.error.message ?? report.error.title ?? "")"
        case .connectionChanged(let change):
            "connection:\(change.phoneNumberID):\(change.providerStatus):\(change.eventID)"
        }
    }

    /// The id of our number the event concerns (Cloud API `metadata.phone_number_id`, a
    /// gateway's session name); the server uses it to attribute the event to a sender.
    public var phoneNumberID: String {
        switch self {
        case .message(let message): message.phoneNumberID
        case .status(let status): status.phoneNumberID
        case .systemError(let report): report.phoneNumberID
        case .connectionChanged(let change): change.phoneNumberID
        }
    }
}
