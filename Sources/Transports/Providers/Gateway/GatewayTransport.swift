import Foundation

/// Sends and receives WhatsApp messages through a WAHA-compatible WhatsApp Web gateway
/// (`/api/sendText`, `/api/sessions/…`), for one gateway session (one linked phone).
///
/// Stateless: every call builds its request from the configuration, so one value may be
/// shared freely. Sends never throw; see ``SendOutcome`` for how failures are classified
/// and `GatewayErrorClassifier` for the table. Only text goes out: WhatsApp Web has no
/// templates, and the gateway's buttons, lists and media are not portable across its
/// engines. Connect a sender with ``startSession()``, then show ``qrCode()`` until
/// ``connectionStatus()`` is connected.
public struct GatewayTransport: Transport {
    /// Where and as whom to send.
    public let configuration: GatewayConfiguration
    /// The limits checked before each send.
    public var limits: MessageLimits
    let client: any HTTPSending

    /// Creates a transport that sends through `client`.
    public init(configuration: GatewayConfiguration, client: any HTTPSending, limits: MessageLimits = .whatsApp) {
        self.configuration = configuration
        self.client = client
        self.limits = limits
    }

    /// Sends a text with `POST /api/sendText` to `<digits>@c.us`, quoting
    /// `message.replyTo` when set.
    ///
    /// Refuses locally, before any request, what breaks ``limits`` (code `local.limit`)
    /// and every kind of content but text (``SendOutcome/failedMessage(code:reason:)``,
    /// code `local.unsupported-content`). A request that may have reached the gateway
    /// (a timeout after sending) is ``SendOutcome/unknown(code:reason:)`` and must not be
    /// resent. Backoffs grow with `attempt`; a Retry-After header always wins.
    public func send(_ message: OutboundMessage, attempt: Int) async -> SendOutcome {
        if let problem = limits.violation(in: message.content) {
            return .failedMessage(code: "local.limit", reason: "not sent: \(problem)")
        }
        guard case .text(let text, let previewURL) = message.content else {
            return .failedMessage(
                code: "local.unsupported-content",
                reason: "not sent: the gateway transport sends text only, not \(Self.kind(of: message.content)); use a Cloud API sender for it")
        }
        guard let chatID = GatewayChatID.chatID(forRecipient: message.to) else {
            return .failedForRecipient(code: "local.invalid-recipient", reason: "not sent: '\(message.to)' is not a phone number")
        }
        let body = GatewayRequestBody.text(
            session: configuration.session, chatID: chatID, text: text, replyTo: message.replyTo, linkPreview: previewURL)
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(post("sendText", body))
        } catch {
            return GatewayErrorClassifier.outcome(error, attempt: attempt)
        }
        guard (200..<300).contains(response.status) else {
            return GatewayErrorClassifier.outcome(response, session: configuration.session, retryAfter: response.retryAfter, attempt: attempt)
        }
        let json = JSONValue(parsing: response.body)
        guard let id = Self.sentMessageID(json, chatID: chatID) else {
            let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
            return .unknown(
                code: "gateway.unexpected-response",
                reason: "HTTP \(response.status) without a message id; the message may have been sent: \(excerpt.isEmpty ? "(empty body)" : excerpt)")
        }
        return .accepted(providerMessageID: id, waID: GatewayChatID.phoneNumber(ofChatID: chatID))
    }

    /// Shows "typing…" to `recipient` with `POST /api/startTyping` until
    /// ``stopTyping(to:)``, the next message, or WhatsApp's own timeout. WhatsApp Web can
    /// show typing at any time, so `messageID` is not needed (and not marked read).
    public func showTyping(to recipient: String, replyingTo messageID: String?) async throws(TransportError) {
        try await typing("startTyping", to: recipient, what: "show typing")
    }

    /// Clears "typing…" for `recipient` with `POST /api/stopTyping`.
    /// - Throws: ``TransportError`` when the gateway refused or could not be reached.
    public func stopTyping(to recipient: String) async throws(TransportError) {
        try await typing("stopTyping", to: recipient, what: "stop typing")
    }

    /// Marks the message, and every earlier one in its chat, read with
    /// `POST /api/sendSeen`.
    /// - Parameter messageID: a serialized gateway id (`false_<chat id>_<id>`), as inbound
    ///   messages carry; the chat is read from it.
    /// - Throws: ``TransportError`` (`gateway.invalid-message-id`) for an id in another
    ///   form, or when the gateway refused or could not be reached.
    public func markRead(messageID: String) async throws(TransportError) {
        guard let chatID = GatewayChatID.chatID(ofMessageID: messageID) else {
            throw TransportError(
                TransportError.Code(rawValue: "gateway.invalid-message-id"),
                "Could not mark '\(messageID)' read: gateway message ids look like false_<chat id>_<id>, as inbound messages carry them",
                isTransient: false)
        }
        let body = GatewayRequestBody.seen(session: configuration.session, chatID: chatID, messageID: messageID)
        try await acknowledge(post("sendSeen", body), what: "mark a message read")
    }

    /// Reads the session's status with `GET /api/sessions/{session}`; a session waiting
    /// to be paired also gets its current QR value (`GET /api/{session}/auth/qr`), nil
    /// when that read fails. Never throws: failures are reported as a status.
    public func connectionStatus() async -> ConnectionStatus {
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(request(.get, configuration.apiURL("sessions", configuration.session)))
        } catch {
            return .unreachable(reason: error.message)
        }
        guard (200..<300).contains(response.status) else { return Self.status(refusedWith: response, session: configuration.session) }
        return await status(ofSession: JSONValue(parsing: response.body))
    }

    // MARK: Helpers

    private func typing(_ endpoint: String, to recipient: String, what: String) async throws(TransportError) {
        guard let chatID = GatewayChatID.chatID(forRecipient: recipient) else {
            throw TransportError(
                TransportError.Code(rawValue: "gateway.invalid-recipient"), "Could not \(what): '\(recipient)' is not a phone number",
                isTransient: false)
        }
        try await acknowledge(post(endpoint, GatewayRequestBody.chat(session: configuration.session, chatID: chatID)), what: what)
    }

    /// The status a refused session read means.
    static func status(refusedWith response: HTTPResponse, session: String) -> ConnectionStatus {
        let error = GatewayErrorBody(response.body)
        switch response.status {
        case 401, 403:
            return .unauthorized(reason: "the gateway refused the API key (HTTP \(response.status)): set apiKey to the gateway's WAHA_API_KEY")
        case 404:
            return .disconnected(reason: "the gateway has no session '\(session)': start the sender to create it, then scan its QR code")
        default:
            return .unreachable(reason: "the gateway answered HTTP \(response.status): \(error.summary)")
        }
    }

    /// The id WAHA's engines return for a sent message: a string, WhatsApp Web's
    /// `{"_serialized": …}`, or only `key.id` (completed as `true_<chat id>_<id>`, the form
    /// acks carry).
    private static func sentMessageID(_ json: JSONValue?, chatID: String) -> String? {
        if let id = GatewayWebhookParser.messageID(json) { return id }
        guard let key = json?["key"]?["id"]?.text, !key.isEmpty else { return nil }
        return "true_\(chatID)_\(key)"
    }

    private static func kind(of content: MessageContent) -> String {
        switch content {
        case .text: "text"
        case .template: "a template"
        case .media(let media): "\(media.kind.rawValue) media"
        case .buttons: "reply buttons"
        case .list: "a list"
        }
    }
}
