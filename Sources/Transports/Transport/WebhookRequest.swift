import Foundation

/// A webhook request as the server received it, before anything was parsed.
///
/// The body must be the exact bytes received: signatures are computed over them, and
/// re-serialised JSON would not match.
public struct WebhookRequest: Sendable {
    /// The HTTP method in capitals (`GET`, `POST`).
    public var method: String
    /// The request path, for transports that route by it.
    public var path: String
    /// Query parameters, already percent-decoded; the last one wins on repeats.
    public var query: [String: String]
    /// Header fields as received.
    public var headers: [(name: String, value: String)]
    /// The raw body.
    public var body: Data

    /// Creates a request.
    public init(method: String, path: String, query: [String: String] = [:], headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
