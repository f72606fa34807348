import CCurl
import Foundation

extension HTTPError.Code {
    /// The request itself is malformed (for example a header value with a line break).
    public static let invalidRequest = HTTPError.Code(rawValue: "http.invalid-request")
}

extension HTTPError {
    /// Translates a failed libcurl transfer into an error a person can act on.
    ///
    /// - Parameters:
    ///   - curlCode: what `curl_multi_info_read` (or a setup call) reported.
    ///   - detail: libcurl's own explanation (its error buffer), quoted in the message.
    ///   - exceededMaximumBodySize: whether the write callback aborted the transfer because
    ///     the body outgrew the limit, which libcurl reports as a plain write error.
    init(curlCode: CURLcode, detail: String, request: HTTPRequest, exceededMaximumBodySize: Bool, maximumBodySize: Int) {
        let host = request.url.hostDescription
        let exchange = "\(request.method.rawValue) to \(host)"
        switch curlCode {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            self.init(
                .invalidURL, "The URL for the \(exchange) is not a valid http or https URL (\(detail)). Fix the URL; retrying will not help.",
                isTransient: false)
        case CURLE_COULDNT_RESOLVE_HOST:
            self.init(
                .couldNotResolveHost,
                "Could not resolve host \(host) (\(detail)). Check the host name and this machine's DNS; the request can be retried once DNS answers.",
                isTransient: true)
        case CURLE_COULDNT_RESOLVE_PROXY:
            self.init(
                .couldNotResolveHost,
                "Could not resolve the proxy for the \(exchange) (\(detail)). Check the http_proxy/https_proxy environment variables and DNS; the request can be retried.",
                isTransient: true)
        case CURLE_COULDNT_CONNECT:
            self.init(
                .couldNotConnect,
                "Could not connect to \(host) (\(detail)). Check that the service is up and reachable from this machine (firewall, proxy variables); the request can be retried.",
                isTransient: true)
        case CURLE_OPERATION_TIMEDOUT:
            self.init(
                .timedOut,
                "The \(exchange) timed out (\(detail)); the limit was \(request.timeout). The server or network is slow: the request can be retried, or raise its timeout.",
                isTransient: true)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE:
            self.init(
                .tls,
                "TLS verification with \(host) failed (\(detail)). Check the server's certificate and this machine's CA store (the ca-certificates package); retrying will not help.",
                isTransient: false)
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_SHUTDOWN_FAILED:
            // Usually a handshake cut short by the network, sometimes a protocol mismatch:
            // worth a few retries before giving up.
            self.init(
                .tls,
                "The TLS handshake with \(host) failed (\(detail)). Check that the URL's scheme and port really serve HTTPS; the request can be retried.",
                isTransient: true)
        case CURLE_TOO_MANY_REDIRECTS:
            self.init(
                .tooManyRedirects,
                "\(host) redirected the \(exchange) more than \(CurlHTTPClient.maximumRedirects) times (\(detail)). Check the URL for a redirect loop; retrying will not help.",
                isTransient: false)
        case CURLE_FILESIZE_EXCEEDED:
            self.init(.responseTooLarge, Self.tooLargeMessage(exchange, maximumBodySize), isTransient: false)
        case CURLE_WRITE_ERROR where exceededMaximumBodySize:
            self.init(.responseTooLarge, Self.tooLargeMessage(exchange, maximumBodySize), isTransient: false)
        case CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_HTTP2, CURLE_HTTP2_STREAM,
            CURLE_HTTP3, CURLE_QUIC_CONNECT_ERROR, CURLE_SEND_FAIL_REWIND, CURLE_AGAIN:
            self.init(
                .transfer,
                "The connection to \(host) failed during the \(exchange) (\(detail)). The connection was reset or closed early; the request can be retried.",
                isTransient: true)
        case CURLE_OUT_OF_MEMORY:
            self.init(
                .transfer, "libcurl ran out of memory during the \(exchange) (\(detail)). Free memory on this machine; the request can be retried.",
                isTransient: true)
        case CURLE_ABORTED_BY_CALLBACK:
            self.init(.cancelled, "The \(exchange) was aborted (\(detail)).", isTransient: false)
        default:
            self.init(
                .transfer,
                "The \(exchange) failed: \(detail) (libcurl error \(curlCode.rawValue)). This is unexpected: check the URL and the server; retrying is unlikely to help.",
                isTransient: false)
        }
    }

    /// The error for a request cancelled by its task before it completed.
    static func cancelled(_ request: HTTPRequest) -> HTTPError {
        HTTPError(
            .cancelled, "The \(request.method.rawValue) to \(request.url.hostDescription) was cancelled before it completed.", isTransient: false)
    }

    /// The error for a request the client could not finish because it was shut down.
    static func shutDown(_ request: HTTPRequest) -> HTTPError {
        HTTPError(
            .cancelled,
            "The \(request.method.rawValue) to \(request.url.hostDescription) was not completed because the HTTP client was shut down. Send it with a running client.",
            isTransient: false)
    }

    private static func tooLargeMessage(_ exchange: String, _ limit: Int) -> String {
        "The response to the \(exchange) was larger than the \(limit)-byte limit, so the transfer was aborted. If the endpoint legitimately returns more, raise maximumResponseBodySize; otherwise check the URL."
    }
}
