import Manifest

/// A rendered HTTP request of an `http` node.
public struct HTTPCall: Sendable, Hashable {
    /// Identifies the call; the ``HTTPResult`` must carry it back.
    public var id: Int
    /// GET, POST, PUT, PATCH or DELETE.
    public var method: String
    /// The address, with inserted values percent-encoded.
    public var url: String
    /// The headers, sorted by name; `Content-Type: application/json` is added for a body unless written.
    public var headers: [Header]
    /// The JSON body, if any.
    public var body: String?
    /// The timeout of one attempt.
    public var timeout: Duration
    /// Extra attempts on transient failures, with backoff; the runner reports only the last outcome.
    public var retries: Int

    /// One header.
    public struct Header: Sendable, Hashable {
        /// The name as written.
        public var name: String
        /// The value, with secret references still unresolved.
        public var value: HeaderValue
    }
}

/// A header value whose secret references the runner resolves just before sending.
///
/// Rendered text never contains a secret, and inserted values can never become references
/// (see ``HeaderTemplate``); ``description`` shows references, never values, so it is safe to log.
public struct HeaderValue: Sendable, Hashable, CustomStringConvertible {
    /// One piece of the value.
    public enum Part: Sendable, Hashable {
        /// Plain text.
        case text(String)
        /// A secret reference to resolve.
        case secret(SecretReference)
    }

    /// The pieces in order.
    public var parts: [Part]

    /// The value with each secret replaced by `resolve`'s answer.
    public func resolved(_ resolve: (SecretReference) throws -> String) rethrows -> String {
        try parts.map { part in
            switch part {
            case .text(let text): text
            case .secret(let reference): try resolve(reference)
            }
        }.joined()
    }

    /// The value with references written as `${env:NAME}`.
    public var description: String {
        parts.map { part in
            switch part {
            case .text(let text): text
            case .secret(let reference): reference.description
            }
        }.joined()
    }
}
