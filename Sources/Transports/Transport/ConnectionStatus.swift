/// Whether a sender can send right now, as its transport sees it.
public enum ConnectionStatus: Sendable, Hashable {
    /// Ready to send; `detail` says what the provider reported (quality rating, name).
    case connected(detail: String?)
    /// Starting up or reconnecting; try again shortly.
    case connecting
    /// A WhatsApp Web session waits for its QR code to be scanned.
    case pairingRequired(qrCode: String?)
    /// The credentials were refused: a person must replace them.
    case unauthorized(reason: String)
    /// The provider reports the number unusable (disconnected, flagged, banned).
    case disconnected(reason: String)
    /// The provider could not be reached or answered with an error; may pass.
    case unreachable(reason: String)

    /// Whether the scheduler may pick this sender.
    public var canSend: Bool {
        if case .connected = self { return true }
        return false
    }
}
