import Foundation

extension GatewayTransport {
    /// Answers the gateway's webhook requests for this session.
    ///
    /// Only `POST` is accepted (405 otherwise). With a ``GatewayConfiguration/webhookSecret``,
    /// `X-Webhook-Hmac` must be the hex HMAC-SHA512 of the raw body: 401 when absent, 403
    /// when wrong (or when `X-Webhook-Hmac-Algorithm` names another algorithm), and
    /// nothing is parsed in either case. Without a secret every body is accepted: see the
    /// risk in ``GatewayConfiguration/webhookSecret``. A verified body answers 200 with
    /// its events (400 if it is not JSON); each event names the session the body names,
    /// because one gateway may sign for all its sessions with one key.
    public func handleWebhook(_ request: WebhookRequest) -> WebhookReply {
        guard request.method == "POST" else {
            var reply = WebhookReply.refusal(status: 405, "use POST")
            reply.response.headers.append(("Allow", "POST"))
            return reply
        }
        if let secret = configuration.webhookSecret {
            let header = GatewayWebhookSignature.headerName
            let verdict = GatewayWebhookSignature(secret: secret).verify(
                header: request.header(header), algorithm: request.header(GatewayWebhookSignature.algorithmHeaderName), body: request.body)
            switch verdict {
            case .missing: return .refusal(status: 401, "missing \(header)")
            case .invalid: return .refusal(status: 403, "\(header) does not match the body")
            case .valid: break
            }
        }
        guard let envelope = JSONValue(parsing: request.body) else {
            return .refusal(status: 400, "the body is not JSON")
        }
        let events = GatewayWebhookParser.events(in: envelope, defaultSession: configuration.session)
        return WebhookReply(events: events, response: HTTPResponse(status: 200))
    }

    /// The `X-Webhook-Hmac` value the gateway would send for `body` with this sender's
    /// secret, or nil when it has none; for tests and for tools that replay webhooks.
    public func webhookSignature(for body: Data) -> String? {
        configuration.webhookSecret.map { GatewayWebhookSignature(secret: $0).header(for: body) }
    }

    /// The session an unverified webhook body names, so a server with one webhook URL
    /// for a whole gateway can pick the sender whose ``handleWebhook(_:)`` verifies it.
    /// Trusts nothing and changes nothing.
    /// - Returns: the `session` field, or nil when the body is not JSON or names none.
    public static func sessionName(inWebhookBody body: Data) -> String? {
        JSONValue(parsing: body)?["session"]?.text
    }
}
