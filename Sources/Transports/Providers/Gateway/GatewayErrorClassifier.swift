import Foundation

/// Decides what a gateway failure means for the scheduler: the table behind
/// ``SendOutcome`` for this provider.
///
/// | answer | outcome |
/// |---|---|
/// | 400, 413 | `failedMessage`: the gateway refused the request as invalid |
/// | 401, 403 | `failedForSender`: wrong API key |
/// | 404 | `failedForSender`: no such session (or a wrong base URL) |
/// | 422, session `STARTING` | `retryLater` for the sender: it is reconnecting by itself |
/// | 422, any other session status | `failedForSender`: connect the sender |
/// | 429 | `retryLater` for the whole gateway, Retry-After first |
/// | 5xx | `retryLater` for the sender, Retry-After first |
/// | other statuses | `unknown` |
/// | no connection, DNS, TLS handshake | `retryLater`: nothing was sent |
/// | bad URL or request, TLS verification | `failedForSender`: fix the configuration |
/// | timeout, reset, anything else after sending | `unknown`: never resent |
enum GatewayErrorClassifier {
    /// The outcome of a response with a status outside 2xx.
    /// - Parameters:
    ///   - retryAfter: the delay the gateway asked for, if any; it wins over backoffs.
    ///   - attempt: earlier tries that ended in `retryLater`; backoffs grow with it.
    static func outcome(_ response: HTTPResponse, session: String, retryAfter: Duration?, attempt: Int) -> SendOutcome {
        let error = GatewayErrorBody(response.body)
        let status = response.status
        let said = "Gateway: HTTP \(status), \(error.summary)"
        switch status {
        case 400, 413:
            return .failedMessage(code: "http.\(status)", reason: "the gateway refused the request as invalid. \(said)")
        case 401, 403:
            return .failedForSender(
                code: "http.\(status)", reason: "the gateway refused the API key: set the sender's apiKey to the gateway's WAHA_API_KEY. \(said)")
        case 404:
            return .failedForSender(
                code: "gateway.session-not-found",
                reason: "the gateway has no session '\(session)' (or the sender's baseURL is wrong): connect the sender, "
                    + "starting the session and scanning its QR code. \(said)")
        case 422 where error.sessionStatus.map(GatewaySessionStatus.init) == .starting:
            let delay = retryAfter ?? backoff(base: .seconds(5), factor: 2, attempt: attempt, cap: .seconds(300))
            return .retryLater(
                RetryAdvice(
                    delay: delay, scope: .sender, code: "gateway.session-starting",
                    reason: "the gateway session '\(session)' is still starting. \(said)"))
        case 422:
            let state = error.sessionStatus.map { "is \($0), not WORKING" } ?? "is not WORKING"
            return .failedForSender(
                code: "gateway.session-not-working",
                reason: "the gateway session '\(session)' \(state): connect the sender (start the session and scan its QR code). \(said)")
        case 429:
            let delay = retryAfter ?? backoff(base: .seconds(30), factor: 2, attempt: attempt, cap: .seconds(900))
            return .retryLater(RetryAdvice(delay: delay, scope: .application, code: "http.429", reason: "the gateway is rate limiting. \(said)"))
        case 500...599:
            let delay = retryAfter ?? backoff(base: .seconds(5), factor: 2, attempt: attempt, cap: .seconds(300))
            return .retryLater(RetryAdvice(delay: delay, scope: .sender, code: "http.\(status)", reason: "the gateway failed. \(said)"))
        default:
            return .unknown(code: "http.\(status)", reason: "unclassified gateway answer; a message may have gone out. \(said)")
        }
    }

    /// The outcome of an exchange that produced no response.
    ///
    /// Only failures before the request could reach the gateway are retried; after that
    /// the message may have gone out, and resending could deliver it twice.
    static func outcome(_ error: HTTPError, attempt: Int) -> SendOutcome {
        let code = error.code.rawValue
        switch error.code {
        case .couldNotResolveHost, .couldNotConnect:
            let delay = error.retryAfter ?? backoff(base: .seconds(5), factor: 2, attempt: attempt, cap: .seconds(300))
            return .retryLater(RetryAdvice(delay: delay, scope: .application, code: code, reason: "nothing was sent: \(error.message)"))
        case .tls where error.isTransient:
            let delay = error.retryAfter ?? backoff(base: .seconds(5), factor: 2, attempt: attempt, cap: .seconds(300))
            return .retryLater(RetryAdvice(delay: delay, scope: .application, code: code, reason: "nothing was sent: \(error.message)"))
        case .invalidURL, .invalidRequest, .tls, .tooManyRedirects:
            return .failedForSender(code: code, reason: "check the sender's baseURL and apiKey: \(error.message)")
        default:
            return .unknown(code: code, reason: "the request may have reached the gateway, so it is not resent: \(error.message)")
        }
    }

    /// `base × factor^attempt`, at most `cap`.
    static func backoff(base: Duration, factor: Int, attempt: Int, cap: Duration) -> Duration {
        var delay = base
        for _ in 0..<min(max(attempt, 0), 40) {
            delay *= factor
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }

    /// A failed call other than a send, as the error it throws.
    static func transportError(_ outcome: SendOutcome, what: String) -> TransportError {
        var retryAfter: Duration?
        if case .retryLater(let advice) = outcome { retryAfter = advice.delay }
        let code = outcome.code ?? "gateway.unknown"
        return TransportError(
            TransportError.Code(rawValue: code.hasPrefix("gateway.") ? code : "gateway.\(code)"), "Could not \(what): \(reason(of: outcome))",
            isTransient: retryAfter != nil, retryAfter: retryAfter)
    }

    /// A failed exchange of a call other than a send, as the error it throws.
    static func transportError(_ error: HTTPError, what: String) -> TransportError {
        TransportError(
            .http, "Could not \(what) on the gateway: \(error.message)", isTransient: error.isTransient, retryAfter: error.retryAfter,
            underlying: error)
    }

    /// The reason an outcome gives, for messages.
    static func reason(of outcome: SendOutcome) -> String {
        switch outcome {
        case .accepted(let id, _): "accepted as \(id)"
        case .retryLater(let advice): advice.reason
        case .failedForRecipient(_, let reason), .failedMessage(_, let reason), .failedForSender(_, let reason), .unknown(_, let reason): reason
        }
    }
}
