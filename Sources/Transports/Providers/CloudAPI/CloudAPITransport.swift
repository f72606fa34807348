import Foundation

/// Sends and receives WhatsApp messages through Meta's Cloud API (Graph
/// `/{phone-number-id}/messages`), for one phone number.
///
/// Stateless: every call builds its request from the configuration, so one value may be
/// shared freely. Sends never throw; see ``SendOutcome`` for how failures are classified
/// and `CloudAPIErrorClassifier` for the code table.
public struct CloudAPITransport: Transport {
    /// Where and as whom to send.
    public let configuration: CloudAPIConfiguration
    /// The limits checked before each send.
    public var limits: MessageLimits
    private let client: any HTTPSending
    /// Built once: composing the URL took a twentieth of each send's CPU.
    private let messagesURL: URL
    private let postHeaders: [(name: String, value: String)]

    /// Creates a transport that sends through `client`.
    public init(configuration: CloudAPIConfiguration, client: any HTTPSending, limits: MessageLimits = .whatsApp) {
        self.configuration = configuration
        self.client = client
        self.limits = limits
        self.messagesURL = configuration.messagesURL
        self.postHeaders = [
            ("Authorization", "Bearer \(configuration.accessToken)"), ("Content-Type", "application/json"), ("Accept", "application/json"),
        ]
    }

    /// Sends `message` with `POST /{phone-number-id}/messages`.
    ///
    /// Refuses locally, before any request, what breaks ``limits``
    /// (``SendOutcome/failedMessage(code:reason:)``, code `local.limit`). Backoffs grow
    /// with `attempt`; the pair rate limit (131056) waits 4^attempt seconds, at most an
    /// hour, and a Retry-After header always wins.
    public func send(_ message: OutboundMessage, attempt: Int) async -> SendOutcome {
        if let problem = limits.violation(in: message.content) {
            return .failedMessage(code: "local.limit", reason: "not sent: \(problem)")
        }
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(post(CloudAPIRequestBody.message(message)))
        } catch {
            return CloudAPIErrorClassifier.outcome(error, attempt: attempt)
        }
        let json = JSONValue(parsing: response.body)
        if (200..<300).contains(response.status) {
            guard let messageID = json?["messages"]?[0]?["id"]?.text else {
                return .unknown(
                    code: "cloud-api.unexpected-response",
                    reason: "HTTP \(response.status) without messages[0].id; the message may have been sent: \(Self.excerpt(response.body))")
            }
            return .accepted(providerMessageID: messageID, waID: json?["contacts"]?[0]?["wa_id"]?.text)
        }
        return CloudAPIErrorClassifier.outcome(
            error: json.flatMap(CloudAPIErrorBody.init(response:)), httpStatus: response.status,
            retryAfter: Self.retryAfter(response), attempt: attempt)
    }

    /// Marks the message read and shows "typing…" for up to 25 seconds or until we
    /// answer. The Cloud API can only do this in answer to a message: without
    /// `messageID` nothing is sent.
    public func showTyping(to recipient: String, replyingTo messageID: String?) async throws(TransportError) {
        guard let messageID else { return }
        try await acknowledge(CloudAPIRequestBody.markRead(messageID: messageID, showTyping: true), what: "show typing")
    }

    /// Marks the message, and every earlier one in the chat, read (blue ticks).
    public func markRead(messageID: String) async throws(TransportError) {
        try await acknowledge(CloudAPIRequestBody.markRead(messageID: messageID, showTyping: false), what: "mark a message read")
    }

    /// Reads the number's status, quality rating and display number from
    /// `GET /{phone-number-id}`.
    public func connectionStatus() async -> ConnectionStatus {
        var components = URLComponents(url: configuration.phoneNumberURL, resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "fields", value: "display_phone_number,quality_rating,status,verified_name")]
        guard let url = components?.url else {
            return .unreachable(reason: "the base URL '\(configuration.baseURL.absoluteString)' cannot be used")
        }
        let request = HTTPRequest(method: .get, url: url, headers: [authorization], timeout: configuration.requestTimeout)
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(request)
        } catch {
            return error.isTransient ? .unreachable(reason: error.message) : .unauthorized(reason: error.message)
        }
        let json = JSONValue(parsing: response.body)
        guard (200..<300).contains(response.status) else {
            switch CloudAPIErrorClassifier.outcome(
                error: json.flatMap(CloudAPIErrorBody.init(response:)), httpStatus: response.status, retryAfter: nil, attempt: 0)
            {
            case .failedForSender(_, let reason): return .unauthorized(reason: reason)
            case let outcome: return .unreachable(reason: Self.reason(of: outcome))
            }
        }
        let status = json?["status"]?.text
        let detail = [
            json?["display_phone_number"]?.text, json?["verified_name"]?.text,
            json?["quality_rating"]?.text.map { "quality \($0)" },
        ].compactMap { $0 }.joined(separator: ", ")
        if let status, status.uppercased() != "CONNECTED" {
            return .disconnected(reason: "Meta reports the number as \(status)\(detail.isEmpty ? "" : " (\(detail))")")
        }
        return .connected(detail: detail.isEmpty ? nil : detail)
    }

    /// How the scheduler should treat a `failed` status's error (an asynchronous
    /// failure after ``SendOutcome/accepted(providerMessageID:waID:)``): the same table
    /// as a synchronous one.
    public static func outcome(forFailedStatus error: ProviderError) -> SendOutcome {
        CloudAPIErrorClassifier.outcome(error: CloudAPIErrorBody(error), httpStatus: nil, retryAfter: nil, attempt: 0)
    }

    // MARK: Requests

    private var authorization: (name: String, value: String) {
        ("Authorization", "Bearer \(configuration.accessToken)")
    }

    private func post(_ body: JSONValue) -> HTTPRequest {
        HTTPRequest(
            method: .post, url: messagesURL, headers: postHeaders,
            body: body.data, timeout: configuration.requestTimeout)
    }

    /// Posts a read receipt; success is any 2xx.
    private func acknowledge(_ body: JSONValue, what: String) async throws(TransportError) {
        let response: HTTPResponse
        do throws(HTTPError) {
            response = try await client.send(post(body))
        } catch {
            throw TransportError(
                .http, "Could not \(what) on the Cloud API: \(error.message)", isTransient: error.isTransient, retryAfter: error.retryAfter,
                underlying: error)
        }
        guard !(200..<300).contains(response.status) else { return }
        let error = JSONValue(parsing: response.body).flatMap(CloudAPIErrorBody.init(response:))
        let outcome = CloudAPIErrorClassifier.outcome(error: error, httpStatus: response.status, retryAfter: Self.retryAfter(response), attempt: 0)
        var retryAfter: Duration?
        if case .retryLater(let advice) = outcome { retryAfter = advice.delay }
        throw TransportError(
            TransportError.Code(rawValue: "cloud-api.\(outcome.code ?? String(response.status))"),
            "Could not \(what) on the Cloud API: \(Self.reason(of: outcome))", isTransient: retryAfter != nil, retryAfter: retryAfter)
    }

    // MARK: Responses

    /// Retry-After in delta-seconds; HTTP dates are ignored (Graph does not send them).
    static func retryAfter(_ response: HTTPResponse) -> Duration? {
        guard let value = response.header("Retry-After")?.trimmingCharacters(in: .whitespaces), let seconds = Int(value), seconds >= 0 else {
            return nil
        }
        return .seconds(seconds)
    }

    private static func reason(of outcome: SendOutcome) -> String {
        switch outcome {
        case .accepted(let id, _): "accepted as \(id)"
        case .retryLater(let advice): advice.reason
        case .failedForRecipient(_, let reason), .failedMessage(_, let reason), .failedForSender(_, let reason), .unknown(_, let reason): reason
        }
    }

    private static func excerpt(_ body: Data) -> String {
        let text = String(decoding: body.prefix(200), as: UTF8.self)
        return text.isEmpty ? "(empty body)" : text
    }
}
