/// A gateway session's state, in WAHA's words, and what it means for sending.
///
/// `STOPPED` → `STARTING` → `SCAN_QR_CODE` → `WORKING`; `FAILED` when the phone was
/// unlinked or the engine broke. Words the engine does not know are kept verbatim.
enum GatewaySessionStatus: Equatable {
    case stopped
    case starting
    case scanQRCode
    case working
    case failed
    case other(String)

    /// Reads WAHA's word (any case).
    init(_ word: String) {
        switch word.uppercased() {
        case "STOPPED": self = .stopped
        case "STARTING": self = .starting
        case "SCAN_QR_CODE": self = .scanQRCode
        case "WORKING": self = .working
        case "FAILED": self = .failed
        default: self = .other(word)
        }
    }

    /// The status as the scheduler sees it.
    /// - Parameters:
    ///   - session: the session name, for reasons.
    ///   - detail: what to show for a working session (the linked number and name).
    ///   - qrCode: the raw QR value for a session waiting to be paired, when fetched.
    func connectionStatus(session: String, detail: String? = nil, qrCode: String? = nil) -> ConnectionStatus {
        switch self {
        case .stopped:
            .disconnected(reason: "the gateway session '\(session)' is stopped: start it, then scan its QR code if asked")
        case .starting:
            .connecting
        case .scanQRCode:
            .pairingRequired(qrCode: qrCode)
        case .working:
            .connected(detail: detail)
        case .failed:
            .disconnected(
                reason: "the gateway session '\(session)' failed (the phone may have been unlinked): restart it; "
                    + "if that does not help, log out and scan its QR code again")
        case .other(let word):
            .unreachable(reason: "the gateway reports the session '\(session)' as '\(word)', a status the engine does not know")
        }
    }
}
