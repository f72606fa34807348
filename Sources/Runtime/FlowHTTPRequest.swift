import Flows
import Foundation
import Manifest

/// An `http` node's rendered request as the runner keeps it (`flow_http_calls.request`)
/// until the result is in, so a restart can make the call again.
///
/// Header secrets stay references (`${env:NAME}`) here and in the store; they are resolved
/// only when the request is sent.
public struct FlowHTTPRequest: Sendable, Hashable, Codable {
    /// The execution's id for the call; the result carries it back.
    public var callID: Int
    /// GET, POST, PUT, PATCH or DELETE.
    public var method: String
    /// The address, with inserted values already percent-encoded.
    public var url: String
    /// The headers, in order.
    public var headers: [Header]
    /// The JSON body, if any.
    public var body: String?
    /// The timeout of one attempt, in milliseconds.
    public var timeoutMilliseconds: Int64
    /// Extra attempts after a transient failure, a 5xx or a 429.
    public var retries: Int

    /// One header: text and secret references.
    public struct Header: Sendable, Hashable, Codable {
        /// The header name as written.
        public var name: String
        /// The value, in pieces.
        public var parts: [Part]
    }

    /// A piece of a header value.
    public enum Part: Sendable, Hashable, Codable {
        /// Plain text.
        case text(String)
        /// A secret, resolved just before sending.
        case secret(SecretReference)
    }

    /// The request of `call`.
    public init(_ call: HTTPCall) {
        callID = call.id
        method = call.method
        url = call.url
        headers = call.headers.map { header in
            Header(
                name: header.name,
                parts: header.value.parts.map { part in
                    switch part {
                    case .text(let text): .text(text)
                    case .secret(let reference): .secret(reference)
                    }
                })
        }
        body = call.body
        let (seconds, attoseconds) = call.timeout.components
        timeoutMilliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        retries = call.retries
    }

    /// The timeout of one attempt.
    public var timeout: Duration { .milliseconds(timeoutMilliseconds) }
}
