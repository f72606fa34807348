import Manifest
import Transports

/// How the runner makes the calls of `http` nodes.
public struct HTTPNodeSettings: Sendable {
    /// The hosts calls may go to; nil allows every host. An entry matches a host exactly,
    /// ignoring case; an entry `*.example.com` also matches every subdomain of
    /// `example.com`. A refused call never leaves the engine: the node gets status 0.
    public var allowedHosts: [String]?
    /// The largest response body accepted, in bytes; a larger one gives status 0.
    public var maximumResponseBodySize: Int
    /// When and how long to wait before trying again.
    public var retryPolicy: HTTPRetryPolicy
    /// The value of a header's secret reference, or nil when it is not available (the
    /// call is then refused). The composition root passes Reconcile's `SecretResolver`.
    public var resolveSecret: @Sendable (SecretReference) -> String?

    /// Settings; by default every host, 256 KiB bodies, the standard retry policy and no secrets.
    public init(
        allowedHosts: [String]? = nil, maximumResponseBodySize: Int = CurlHTTPClient.defaultMaximumResponseBodySize,
        retryPolicy: HTTPRetryPolicy = HTTPRetryPolicy(), resolveSecret: @escaping @Sendable (SecretReference) -> String? = { _ in nil }
    ) {
        self.allowedHosts = allowedHosts
        self.maximumResponseBodySize = maximumResponseBodySize
        self.retryPolicy = retryPolicy
        self.resolveSecret = resolveSecret
    }

    /// Whether `host` is on the allow-list (or there is none).
    public func allows(host: String) -> Bool {
        guard let allowedHosts else { return true }
        let host = host.lowercased()
        return allowedHosts.contains { entry in
            let entry = entry.lowercased()
            if entry.hasPrefix("*.") {
                let domain = entry.dropFirst(2)
                return host == domain || host.hasSuffix("." + domain)
            }
            return host == entry
        }
    }
}

extension HTTPNodeSettings {
    /// The limits a configuration's `Settings.http` sets, resolving secrets with `resolveSecret`.
    public init(_ settings: Settings, resolveSecret: @escaping @Sendable (SecretReference) -> String?) {
        self.init(
            allowedHosts: settings.httpAllowedHosts, maximumResponseBodySize: settings.httpMaxResponseBytes, resolveSecret: resolveSecret)
    }
}
