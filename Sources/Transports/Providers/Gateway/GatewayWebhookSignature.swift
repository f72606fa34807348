import Crypto
import Foundation

/// Checks the gateway's `X-Webhook-Hmac` on a webhook body.
///
/// The header is the hex HMAC-SHA512 of the exact body bytes, keyed with the session's
/// webhook secret (WAHA's `webhooks[].hmac.key`). The comparison runs in constant time
/// (swift-crypto's `isValidAuthenticationCode`), so timing tells an attacker nothing.
struct GatewayWebhookSignature {
    /// What a check found.
    enum Verdict: Equatable {
        case valid
        /// No header: answer 401.
        case missing
        /// A header that is malformed, names another algorithm, or does not match: 403.
        case invalid
    }

    /// The header carrying the signature.
    static let headerName = "X-Webhook-Hmac"
    /// The header naming the algorithm; WAHA sends `sha512`, the only one accepted.
    static let algorithmHeaderName = "X-Webhook-Hmac-Algorithm"

    private let key: SymmetricKey
    private let hasSecret: Bool

    /// Creates a checker for one secret.
    init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
        hasSecret = !secret.isEmpty
    }

    /// Checks the signature header (its value, or nil when absent) against `body`. An
    /// empty secret never verifies: nothing could be trusted.
    func verify(header: String?, algorithm: String?, body: Data) -> Verdict {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else { return .missing }
        if let algorithm, algorithm.trimmingCharacters(in: .whitespaces).lowercased() != "sha512" { return .invalid }
        guard hasSecret, let signature = Data(hexadecimal: Substring(header)), signature.count == SHA512.byteCount else { return .invalid }
        return HMAC<SHA512>.isValidAuthenticationCode(signature, authenticating: body, using: key) ? .valid : .invalid
    }

    /// The header value the gateway would send for `body`; tests and local tools sign with it.
    func header(for body: Data) -> String {
        HMAC<SHA512>.authenticationCode(for: body, using: key).map { String(format: "%02x", $0) }.joined()
    }
}
