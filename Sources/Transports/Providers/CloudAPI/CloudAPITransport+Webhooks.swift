import Foundation

extension CloudAPITransport {
    /// Answers Meta's webhook requests for this app.
    ///
    /// - `GET` is the subscription handshake: `hub.mode=subscribe` with `hub.verify_token`
    ///   equal to the configured verify token answers 200 with `hub.challenge` verbatim;
    ///   anything else 403.
    /// - `POST` carries events. `X-Hub-Signature-256` must be the HMAC-SHA256 of the raw
    ///   body with the app secret: 401 when absent, 403 when wrong, and nothing is parsed
    ///   in either case. A verified body answers 200 with its events (400 if it is not
    ///   JSON). Events for every phone number in the body are returned, each naming its
    ///   number, because one app secret signs for all the app's numbers.
    /// - Other methods answer 405.
    public func handleWebhook(_ request: WebhookRequest) -> WebhookReply {
        switch request.method {
        case "GET":
            return verifySubscription(request.query)
        case "POST":
            let signature = CloudAPIWebhookSignature(appSecret: configuration.appSecret)
            switch signature.verify(header: request.header(CloudAPIWebhookSignature.headerName), body: request.body) {
            case .missing:
                return .refusal(status: 401, "missing \(CloudAPIWebhookSignature.headerName)")
            case .invalid:
                return .refusal(status: 403, "\(CloudAPIWebhookSignature.headerName) does not match the body")
            case .valid:
                guard let payload = JSONValue(parsing: request.body) else {
                    return .refusal(status: 400, "the body is not JSON")
                }
                return WebhookReply(events: CloudAPIWebhookParser.events(in: payload), response: HTTPResponse(status: 200))
            }
        default:
            var reply = WebhookReply.refusal(status: 405, "use GET or POST")
            reply.response.headers.append(("Allow", "GET, POST"))
            return reply
        }
    }

    /// The `X-Hub-Signature-256` value Meta would send for `body` with this app secret;
    /// for tests and for tools that replay webhooks.
    public func webhookSignature(for body: Data) -> String {
        CloudAPIWebhookSignature(appSecret: configuration.appSecret).header(for: body)
    }

    private func verifySubscription(_ query: [String: String]) -> WebhookReply {
        guard query["hub.mode"] == "subscribe", let token = query["hub.verify_token"], !configuration.verifyToken.isEmpty,
            Self.constantTimeEqual(token, configuration.verifyToken)
        else {
            return .refusal(status: 403, "verification refused: hub.mode must be subscribe and hub.verify_token the sender's verifyToken")
        }
        guard let challenge = query["hub.challenge"] else {
            return .refusal(status: 400, "hub.challenge is missing")
        }
        return WebhookReply(
            events: [], response: HTTPResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Data(challenge.utf8)))
    }

    /// Compares without stopping at the first difference, so timing does not reveal
    /// how much of a guessed token was right.
    private static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0 && left.count == right.count
    }
}
