import Crypto
import Foundation

/// Checks Meta's `X-Hub-Signature-256` on a webhook body.
///
/// The header is `sha256=` and the hex HMAC-SHA256 of the exact body bytes, keyed with
/// the app secret. The comparison runs in constant time (swift-crypto's
/// `isValidAuthenticationCode`), so timing tells an attacker nothing.
struct CloudAPIWebhookSignature {
    /// What a check found.
    enum Verdict: Equatable {
        case valid
        /// No header: answer 401.
        case missing
        /// A header that is malformed or does not match: answer 403.
        case invalid
    }

    /// The header carrying the signature.
    static let headerName = "X-Hub-Signature-256"

    private let key: SymmetricKey
    private let hasSecret: Bool

    /// Creates a checker for one app secret.
    init(appSecret: String) {
        key = SymmetricKey(data: Data(appSecret.utf8))
        hasSecret = !appSecret.isEmpty
    }

    /// Checks `header` (the header's value, or nil when absent) against `body`.
    /// An empty app secret never verifies: nothing could be trusted.
    func verify(header: String?, body: Data) -> Verdict {
        // Trimmed and matched on bytes: this runs for every webhook.
        guard var value = header?[...] else { return .missing }
        while let first = value.first, first == " " || first == "\t" { value.removeFirst() }
        while let last = value.last, last == " " || last == "\t" { value.removeLast() }
        guard !value.isEmpty else { return .missing }
        let prefix = "sha256="
        guard hasSecret, value.utf8.count > prefix.utf8.count,
            value.utf8.prefix(prefix.utf8.count).map({ $0 | 0x20 }).elementsEqual(prefix.utf8.map { $0 | 0x20 }),
            let signature = Data(hexadecimal: value.dropFirst(prefix.count)), signature.count == SHA256.byteCount
        else { return .invalid }
        return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: body, using: key) ? .valid : .invalid
    }

    /// The header value Meta would send for `body`; tests and local tools sign with it.
    func header(for body: Data) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: key)
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }
}
