import Foundation

/// Sends HTTP requests with libcurl's multi interface, driven by one dedicated thread.
///
/// - Threading: every blocking libcurl call runs on the client's own thread
///   ("curl-multi"), never on Swift's cooperative pool. `send(_:)` queues the request,
///   wakes that thread and suspends until the transfer completes. The thread starts with
///   the first request and ends on `shutdown()` or when the client is released.
/// - Connections: one connection cache shared by all requests keeps idle keep-alive
///   connections (HTTP/1.1) and multiplexes HTTP/2 over TLS where the server offers it.
/// - Limits: each request's `timeout` bounds the whole exchange; connecting is bounded by
///   the smaller of that and `connectTimeout`. Bodies larger than
///   `maximumResponseBodySize` abort the transfer with `.responseTooLarge`.
/// - Redirects: followed for GET only, at most `maximumRedirects` times
///   (`.tooManyRedirects` beyond). Other methods return the 3xx response.
/// - TLS: peer and host verification are on, against the system CA store.
/// - Proxies: taken from the environment by libcurl itself: `http_proxy` (lower case
///   only, by design), `https_proxy`/`HTTPS_PROXY`, `all_proxy`, `no_proxy`.
/// - Headers: `Expect:` is suppressed so bodies go out without a 100-continue wait, and
///   no `Content-Type` is invented when the request has none. `Accept-Encoding` lists
///   what libcurl decodes; bodies arrive decoded.
/// - Responses with any status are returned, not thrown; see `HTTPResponse.retryAfter`.
public final class CurlHTTPClient: HTTPSending {
    /// The default cap on a response body: 256 KiB.
    public static let defaultMaximumResponseBodySize = 256 * 1024
    /// How many redirects a GET follows before failing with `.tooManyRedirects`.
    public static let maximumRedirects = 5

    private let loop: CurlMultiLoop

    /// Creates a client. No thread runs until the first request.
    ///
    /// - Parameters:
    ///   - maximumResponseBodySize: the largest response body accepted, in bytes (after
    ///     content decoding).
    ///   - connectTimeout: the longest wait for a connection (DNS, TCP, TLS), further
    ///     capped by each request's own timeout.
    ///   - maximumIdleConnections: how many idle keep-alive connections to keep for reuse.
    /// - Throws: `HTTPError` (`.transfer`, not transient) when libcurl cannot initialise.
    public init(
        maximumResponseBodySize: Int = defaultMaximumResponseBodySize,
        connectTimeout: Duration = .seconds(10),
        maximumIdleConnections: Int = 32
    ) throws(HTTPError) {
        loop = try CurlMultiLoop(
            settings: .init(
                maximumResponseBodySize: max(0, maximumResponseBodySize), connectTimeout: connectTimeout,
                maximumIdleConnections: max(1, maximumIdleConnections)))
    }

    deinit {
        loop.requestShutdown()
    }

    /// Sends `request` and returns the final response, whatever its status.
    ///
    /// - Throws: `HTTPError` when no response arrived: see its `code` and `isTransient`.
    ///   Cancelling the calling task abandons the transfer and throws `.cancelled`; so does
    ///   sending after, or during, `shutdown()`.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let loop = self.loop
        let id = loop.makeJobID()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                loop.submit(CurlMultiLoop.Job(id: id, request: request, continuation: continuation))
            }
        } onCancel: {
            loop.cancel(id)
        }
        return try result.get()
    }

    /// Fails requests still in flight with `.cancelled`, closes every connection, and
    /// returns once the client's thread has exited. Idempotent; later sends fail at once.
    public func shutdown() async {
        await loop.shutdown()
    }
}
