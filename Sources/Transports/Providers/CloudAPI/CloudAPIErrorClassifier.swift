/// Decides what a Cloud API failure means for the scheduler: the table behind
/// ``SendOutcome`` for this provider.
///
/// Codes come from Meta's error-code reference. Anything not listed stays
/// ``SendOutcome/unknown(code:reason:)`` with its code verbatim, unless the HTTP status
/// alone says it is a rate limit (429) or an outage (5xx).
enum CloudAPIErrorClassifier {
    /// What one code means.
    enum Rule: Equatable {
        /// Retry after `base × factor^attempt`, at most `cap`, holding back `scope`.
        case retry(RetryAdvice.Scope, base: Duration, factor: Int, cap: Duration, explanation: String, slowsSender: Bool = false)
        case failedForRecipient(String)
        case failedMessage(String)
        case failedForSender(String)
    }

    /// How long a sender stays slowed after a spam limit (131048).
    static let slowdownDuration: Duration = .seconds(24 * 3600)
    /// The share of its rate a slowed sender keeps.
    static let slowdownRateFactor = 0.5

    // swift-format-ignore
    /// The rule for a Graph error code, or nil when the code is not classified.
    static func rule(for code: Int) -> Rule? {
        switch code {
        // Rate limits: not the message's fault, no health penalty.
        case 4:
            .retry(.application, base: .seconds(60), factor: 2, cap: .seconds(900), explanation: "the app hit Graph API's request limit")
        case 80007:
            // The limit is per WhatsApp Business Account, which may hold several senders;
            // the engine has no such scope, so hold back the whole app.
            .retry(.application, base: .seconds(60), factor: 2, cap: .seconds(900), explanation: "the WhatsApp Business Account hit its rate limit")
        case 130429:
            .retry(.sender, base: .seconds(2), factor: 2, cap: .seconds(60), explanation: "the number hit its throughput limit (messages per second)")
        case 131056:
            .retry(.recipient, base: .seconds(1), factor: 4, cap: .seconds(3600), explanation: "too many messages to this recipient in a short time (pair rate limit)")
        case 131048:
            .retry(.sender, base: .seconds(900), factor: 2, cap: .seconds(6 * 3600), explanation: "the number is limited because too many of its messages were blocked or reported as spam", slowsSender: true)
        // Passing outages.
        case 1, 2, 131000, 131016, 133004:
            .retry(.application, base: .seconds(5), factor: 2, cap: .seconds(300), explanation: "the Cloud API is temporarily unavailable")
        case 131057:
            .retry(.sender, base: .seconds(60), factor: 2, cap: .seconds(1800), explanation: "the business account is in maintenance mode")
        // The recipient cannot get this message now.
        case 131047:
            .failedForRecipient("24-hour window closed: send a template")
        case 131026:
            .failedForRecipient("undeliverable: not a WhatsApp user, old WhatsApp version, or terms not accepted")
        case 131050:
            .failedForRecipient("the recipient stopped marketing messages from this business")
        case 131051:
            .failedForRecipient("the recipient's WhatsApp cannot receive this message type")
        case 130472:
            .failedForRecipient("the recipient's number is part of a Meta experiment and gets no marketing messages")
        case 131049:
            .failedForRecipient("Meta held the message back to protect the recipient's engagement; do not retry soon")
        case 131021:
            .failedForRecipient("the recipient is the sender's own number")
        case 131030:
            .failedForRecipient("the recipient is not in the test number's allowed list")
        // The message itself cannot go out: fix the configuration, keep the sender.
        case 132000:
            .failedMessage("the template's parameter count does not match its placeholders")
        case 132001:
            .failedMessage("the template does not exist in this language, or is not approved")
        case 132005:
            .failedMessage("the template text is too long once its parameters are filled in")
        case 132007:
            .failedMessage("the template's content breaks WhatsApp's policy")
        case 132012:
            .failedMessage("a template parameter has the wrong format")
        case 132015:
            .failedMessage("the template is paused for low quality")
        case 132016:
            .failedMessage("the template is disabled")
        case 100, 131008, 131009:
            .failedMessage("the request has a missing or invalid parameter")
        case 131052, 131053:
            .failedMessage("the media could not be downloaded or processed; check the link")
        // The sender's account or credentials: pause it until a person acts.
        case 190:
            .failedForSender("the access token expired or was revoked: set a new accessToken")
        case 0, 3, 10, 131005, 200...299:
            .failedForSender("the access token lacks permission for this number: check the system user's assets and scopes")
        case 368:
            .failedForSender("Meta temporarily blocked the number for policy violations")
        case 131031:
            .failedForSender("Meta locked the business account (policy or integrity check)")
        case 131042:
            .failedForSender("the business account has a payment problem")
        case 131045, 133010:
            .failedForSender("the phone number is not registered with the Cloud API")
        default:
            nil
        }
    }

    /// The outcome of a response that carried a Graph error, or an error status.
    static func outcome(error: CloudAPIErrorBody?, httpStatus: Int?, retryAfter: Duration?, attempt: Int) -> SendOutcome {
        if let error, let number = Int(error.code), let rule = rule(for: number) {
            return outcome(rule, code: error.code, summary: error.summary, retryAfter: retryAfter, attempt: attempt)
        }
        let code = error?.code ?? httpStatus.map { "http.\($0)" } ?? "cloud-api.unknown"
        let summary = error?.summary ?? "the Cloud API answered HTTP \(httpStatus.map(String.init) ?? "?") without an error body"
        switch httpStatus {
        case 429:
            let rule = Rule.retry(.application, base: .seconds(30), factor: 2, cap: .seconds(900), explanation: "rate limited")
            return outcome(rule, code: code, summary: summary, retryAfter: retryAfter, attempt: attempt)
        case .some(500...599):
            let rule = Rule.retry(.application, base: .seconds(5), factor: 2, cap: .seconds(300), explanation: "the Cloud API failed")
            return outcome(rule, code: code, summary: summary, retryAfter: retryAfter, attempt: attempt)
        case .some(401) where error == nil:
            return .failedForSender(code: code, reason: "the Cloud API refused the credentials: \(summary)")
        default:
            return .unknown(code: code, reason: "unclassified Cloud API error: \(summary)")
        }
    }

    /// The outcome of an exchange that produced no response.
    ///
    /// Only failures before the request could reach Meta are retried; after that the
    /// message may have gone out, and resending could deliver it twice.
    static func outcome(_ error: HTTPError, attempt: Int) -> SendOutcome {
        let code = error.code.rawValue
        switch error.code {
        case .couldNotResolveHost, .couldNotConnect:
            let delay = error.retryAfter ?? backoff(base: .seconds(5), factor: 2, attempt: attempt, cap: .seconds(300))
            return .retryLater(RetryAdvice(delay: delay, scope: .application, code: code, reason: "nothing was sent: \(error.message)"))
        case .tls where error.isTransient:
            let delay = error.retryAfter ?? backoff(base: .seconds(5), factor: 2, attempt: attempt, cap: .seconds(300))
            return .retryLater(RetryAdvice(delay: delay, scope: .application, code: code, reason: "nothing was sent: \(error.message)"))
        case .invalidURL, .tls, .tooManyRedirects:
            return .failedForSender(code: code, reason: "check the sender's baseURL: \(error.message)")
        default:
            return .unknown(code: code, reason: "the request may have reached Meta: \(error.message)")
        }
    }

    /// `base × factor^attempt`, at most `cap`.
    static func backoff(base: Duration, factor: Int, attempt: Int, cap: Duration) -> Duration {
        let exponent = min(max(attempt, 0), 40)
        var delay = base
        for _ in 0..<exponent {
            delay *= factor
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }

    private static func outcome(_ rule: Rule, code: String, summary: String, retryAfter: Duration?, attempt: Int) -> SendOutcome {
        switch rule {
        case .retry(let scope, let base, let factor, let cap, let explanation, let slowsSender):
            let delay = retryAfter ?? backoff(base: base, factor: factor, attempt: attempt, cap: cap)
            let reason = "\(explanation). Meta: \(summary)"
            let slowdown = slowsSender ? SenderSlowdown(rateFactor: slowdownRateFactor, duration: slowdownDuration, reason: reason) : nil
            return .retryLater(RetryAdvice(delay: delay, scope: scope, code: code, reason: reason, slowdown: slowdown))
        case .failedForRecipient(let explanation):
            return .failedForRecipient(code: code, reason: "\(explanation). Meta: \(summary)")
        case .failedMessage(let explanation):
            return .failedMessage(code: code, reason: "\(explanation). Meta: \(summary)")
        case .failedForSender(let explanation):
            return .failedForSender(code: code, reason: "\(explanation). Meta: \(summary)")
        }
    }
}
