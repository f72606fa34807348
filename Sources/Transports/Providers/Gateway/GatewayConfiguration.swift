import Foundation

/// How to reach one WhatsApp number through a WAHA-compatible WhatsApp Web gateway.
///
/// One configuration is one gateway session (one linked phone). Printing it masks the
/// secrets (`apiKey`, `webhookSecret`).
public struct GatewayConfiguration: Sendable, Hashable {
    /// The gateway's address, without `/api` (`http://waha.internal:3000`).
    public var baseURL: URL
    /// The session name on the gateway (`sales-1`); it also names the sender in webhook
    /// events (``WebhookEvent/phoneNumberID``).
    public var session: String
    /// Sent as `X-Api-Key` on every request when set (the gateway's `WAHA_API_KEY`).
    public var apiKey: String?
    /// The key the gateway signs webhooks with (the session's `webhooks[].hmac.key`).
    ///
    /// When nil, webhook bodies are accepted unsigned: anyone who can reach the webhook
    /// URL can then inject messages and statuses. Leave it nil only when the gateway and
    /// the engine talk over a private network. An empty string refuses every webhook.
    public var webhookSecret: String?
    /// How long one request may take, connect to last byte.
    public var requestTimeout: Duration

    /// Creates a configuration.
    public init(baseURL: URL, session: String, apiKey: String? = nil, webhookSecret: String? = nil, requestTimeout: Duration = .seconds(30)) {
        self.baseURL = baseURL
        self.session = session
        self.apiKey = apiKey
        self.webhookSecret = webhookSecret
        self.requestTimeout = requestTimeout
    }

    /// `{baseURL}/api/{path components…}`, each component percent-encoded, a `/` in a
    /// session name included.
    func apiURL(_ components: String...) -> URL {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        let encoded = components.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }
        var url = URLComponents(url: baseURL, resolvingAgainstBaseURL: false)
        let base = url?.percentEncodedPath ?? ""
        url?.percentEncodedPath = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/api/" + encoded.joined(separator: "/")
        return url?.url ?? components.reduce(baseURL.appendingPathComponent("api")) { $0.appendingPathComponent($1) }
    }
}

extension GatewayConfiguration: CustomStringConvertible, CustomReflectable {
    /// The configuration with its secrets masked.
    public var description: String {
        "GatewayConfiguration(baseURL: \(baseURL.absoluteString), session: \(session), apiKey: \(Self.mask(apiKey)), "
            + "webhookSecret: \(Self.mask(webhookSecret)))"
    }

    /// A mirror without the secrets, so `dump` and debuggers do not show them.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "baseURL": baseURL, "session": session, "requestTimeout": requestTimeout, "apiKey": Self.mask(apiKey),
                "webhookSecret": Self.mask(webhookSecret),
            ], displayStyle: .struct)
    }

    private static func mask(_ secret: String?) -> String {
        secret == nil ? "nil" : "***"
    }
}
