import Foundation
import Synchronization

/// Sends HTTP requests with libcurl's multi interface, driven by dedicated threads.
///
/// - Threading: every blocking libcurl call runs on one of the client's own threads
///   ("curl-multi"), never on Swift's cooperative pool. `send(_:)` queues the request on
///   the next thread in turn, wakes it and suspends until the transfer completes. Each
///   thread starts with its first request and ends on `shutdown()` or when the client is
///   released. One thread carries thousands of requests a second; a second one lets a
///   bulk sender use both cores of a small machine.
/// - Connections: each thread keeps a connection cache shared by its requests: idle
///   keep-alive connections (HTTP/1.1), and HTTP/2 multiplexed over TLS where the server
///   offers it.
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

    private let loops: [CurlMultiLoop]
    private let nextLoop = Atomic<UInt>(0)

    /// Creates a client. No thread runs until the first request.
    ///
    /// - Parameters:
    ///   - maximumResponseBodySize: the largest response body accepted, in bytes (after
    ///     content decoding).
    ///   - connectTimeout: the longest wait for a connection (DNS, TCP, TLS), further
    ///     capped by each request's own timeout.
    ///   - maximumIdleConnections: how many idle keep-alive connections each thread keeps
    ///     for reuse.
    ///   - threads: how many libcurl threads share the requests (at least 1).
    /// - Throws: `HTTPError` (`.transfer`, not transient) when libcurl cannot initialise.
    public init(
        maximumResponseBodySize: Int = defaultMaximumResponseBodySize,
        connectTimeout: Duration = .seconds(10),
        maximumIdleConnections: Int = 32,
        threads: Int = 1
    ) throws(HTTPError) {
        let settings = CurlMultiLoop.Settings(
            maximumResponseBodySize: max(0, maximumResponseBodySize), connectTimeout: connectTimeout,
            maximumIdleConnections: max(1, maximumIdleConnections))
        var loops: [CurlMultiLoop] = []
        for _ in 0..<max(1, threads) { loops.append(try CurlMultiLoop(settings: settings)) }
        self.loops = loops
    }

    deinit {
        for loop in loops { loop.requestShutdown() }
    }

    /// Sends `request` and returns the final response, whatever its status.
    ///
    /// - Throws: `HTTPError` when no response arrived: see its `code` and `isTransient`.
    ///   Cancelling the calling task abandons the transfer and throws `.cancelled`; so does
    ///   sending after, or during, `shutdown()`.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let turn = nextLoop.wrappingAdd(1, ordering: .relaxed).oldValue
        let loop = loops[Int(turn % UInt(loops.count))]
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
        for loop in loops { await loop.shutdown() }
    }
}
