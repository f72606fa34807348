/// What became of one send, classified by what the scheduler must do next.
///
/// | case | message | sender health |
/// |---|---|---|
/// | `accepted` | sent; wait for statuses | success |
/// | `retryLater` | back in the outbox until the delay passes | no penalty |
/// | `failedForRecipient` | failed for good (bad number, closed window) | no penalty |
/// | `failedMessage` | failed for good (template missing, over a limit) | no penalty |
/// | `failedForSender` | kept; the sender is paused until a person acts | paused |
/// | `unknown` | may or may not have gone out: like a crash mid-send | failure |
///
/// Codes are strings: the provider's numeric code verbatim (`131026`), or a dotted local
/// code (`local.limit`, `http.timed-out`, `http.503`).
public enum SendOutcome: Sendable, Hashable {
    /// The provider took the message.
    /// - Parameters:
    ///   - providerMessageID: the id that statuses and replies will name (`wamid.…`).
    ///   - waID: the WhatsApp id the provider resolved the recipient to, when it says.
    case accepted(providerMessageID: String, waID: String?)
    /// Not sent; send again after ``RetryAdvice/delay``, holding back everything in
    /// ``RetryAdvice/scope`` meanwhile. Rate limits and passing outages. A
    /// ``RetryAdvice/slowdown`` also asks to slow the sender down and raise an event.
    case retryLater(RetryAdvice)
    /// Not sent and never will be to this recipient as things stand (not a WhatsApp
    /// user, 24-hour window closed, recipient blocked us). Never retried.
    case failedForRecipient(code: String, reason: String)
    /// Not sent because the message itself cannot go out (template missing or paused,
    /// parameters that do not fit it, over a WhatsApp limit). Never retried; fix the
    /// configuration. Not held against the recipient or the sender.
    case failedMessage(code: String, reason: String)
    /// Not sent because of the sender's account or credentials (expired token, number
    /// locked or blocked by Meta). Pause the sender: every message would fail the same way.
    case failedForSender(code: String, reason: String)
    /// The provider may or may not have taken the message (the connection broke after
    /// the request went out, or an answer nobody classified). Treat like a crash mid-send:
    /// not resent unless the resource asks for it.
    case unknown(code: String, reason: String)

    /// The outcome's code, or nil for `accepted`.
    public var code: String? {
        switch self {
        case .accepted: nil
        case .retryLater(let advice): advice.code
        case .failedForRecipient(let code, _), .failedMessage(let code, _), .failedForSender(let code, _), .unknown(let code, _): code
        }
    }
}
