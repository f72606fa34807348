import CCurl
import Foundation

/// One request in flight: a configured libcurl easy handle, its header list, error buffer
/// and response sink.
///
/// Lives on the multi thread only. The easy handle is lent by the worker's pool: the
/// owner removes it from the multi handle and gives it back once the transfer is done;
/// `deinit` frees only what the transfer itself allocated.
final class CurlEasyTransfer {
    /// The request and the continuation waiting for its result.
    let job: CurlMultiLoop.Job
    /// The easy handle (`CURL *`), freshly reset.
    let handle: UnsafeMutableRawPointer
    private let sink: CurlResponseSink
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Configures `handle` (reset, as `curl_easy_init` or `curl_easy_reset` leave it) for `job`.
    ///
    /// - Throws: `HTTPError` when the request cannot be expressed (a header with a line
    ///   break, an unsupported option) or libcurl runs out of memory.
    init(job: CurlMultiLoop.Job, handle: UnsafeMutableRawPointer, settings: CurlMultiLoop.Settings) throws(HTTPError) {
        self.job = job
        self.handle = handle
        self.sink = CurlResponseSink(maximumBodySize: settings.maximumResponseBodySize)
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        try configure(settings: settings)
    }

    deinit {
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    /// The outcome once libcurl reports the transfer done with `code`.
    func result(code: CURLcode) -> Result<HTTPResponse, HTTPError> {
        let request = job.request
        guard code == CURLE_OK else {
            let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            return .failure(
                HTTPError(
                    curlCode: code, detail: detail, request: request,
                    exceededMaximumBodySize: sink.exceededMaximumBodySize, maximumBodySize: sink.maximumBodySize))
        }
        var status = 0
        _ = ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
    }

    // MARK: - Configuration

    private func configure(settings: CurlMultiLoop.Settings) throws(HTTPError) {
        let request = job.request
        // Signals are not thread-safe; libcurl's threaded resolver makes them unnecessary.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_URL, request.url.absoluteString)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))

        // Time limits. 0 would mean "no limit" to libcurl, so round up to at least 1 ms.
        let timeout = request.timeout.roundedUpMilliseconds
        try set(CURLOPT_TIMEOUT_MS, timeout)
        try set(CURLOPT_CONNECTTIMEOUT_MS, min(timeout, settings.connectTimeout.roundedUpMilliseconds))

        // TLS: libcurl's defaults already verify; stated so no later edit can drop them.
        // The CA store is the system one libcurl was built with (ca-certificates).
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)

        // Proxies: CURLOPT_PROXY is deliberately never set, so libcurl reads http_proxy,
        // https_proxy (or HTTPS_PROXY), all_proxy and no_proxy from the environment itself.
        // It ignores upper-case HTTP_PROXY by design (the httpoxy CGI attack).
        try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)

        try set(CURLOPT_TCP_KEEPALIVE, 1)
        try set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding libcurl decodes (gzip, br, zstd)
        try setOffset(CURLOPT_MAXFILESIZE_LARGE, settings.maximumResponseBodySize)  // early refusal by Content-Length

        try configureMethodAndBody(request)
        try configureHeaders(request)
        try configureCallbacks()
    }

    private func configureMethodAndBody(_ request: HTTPRequest) throws(HTTPError) {
        switch request.method {
        case .get:
            try set(CURLOPT_HTTPGET, 1)
            try set(CURLOPT_FOLLOWLOCATION, 1)
            try set(CURLOPT_MAXREDIRS, CurlHTTPClient.maximumRedirects)
        case .post:
            try set(CURLOPT_POST, 1)
            try setBody(request.body ?? Data())
        case .put, .patch:
            try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            try setBody(request.body ?? Data())  // always send a Content-Length
        case .delete:
            try set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
            if let body = request.body { try setBody(body) }
        }
    }

    private func setBody(_ body: Data) throws(HTTPError) {
        // The size must be set before COPYPOSTFIELDS, which copies that many bytes.
        try setOffset(CURLOPT_POSTFIELDSIZE_LARGE, body.count)
        guard !body.isEmpty else {
            try set(CURLOPT_COPYPOSTFIELDS, "")  // an empty Data may have no base address
            return
        }
        let code = body.withUnsafeBytes { bytes in
            ccurl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
        }
        try check(code, CURLOPT_COPYPOSTFIELDS)
    }

    private func configureHeaders(_ request: HTTPRequest) throws(HTTPError) {
        var lines: [String] = []
        for (name, value) in request.headers {
            guard Self.isValidFieldName(name), Self.isValidFieldValue(value) else {
                throw HTTPError(
                    .invalidRequest,
                    "The \(request.method.rawValue) request to \(request.url.hostDescription) has a malformed header \(String(reflecting: name)): names must be tokens and values must not contain line breaks. Fix the code or configuration that builds it; retrying will not help.",
                    isTransient: false)
            }
            // "Name;" is libcurl's spelling of a header with an empty value ("Name:" removes it).
            lines.append(value.isEmpty ? "\(name);" : "\(name): \(value)")
        }
        // A body makes libcurl wait up to a second for "100 Continue" unless Expect is empty.
        if request.header("Expect") == nil { lines.append("Expect:") }
        // Without this libcurl labels every body application/x-www-form-urlencoded.
        if request.header("Content-Type") == nil { lines.append("Content-Type:") }
        for line in lines {
            guard let appended = curl_slist_append(headerList, line) else {
                throw HTTPError(.transfer, "libcurl ran out of memory building headers for \(request.url.hostDescription).", isTransient: true)
            }
            headerList = appended
        }
        try check(ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList), CURLOPT_HTTPHEADER)
    }

    private func configureCallbacks() throws(HTTPError) {
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        try set(CURLOPT_WRITEDATA, sinkPointer)
        try check(
            ccurl_easy_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, sinkPointer in
                guard let sinkPointer else { return 0 }
                let sink = Unmanaged<CurlResponseSink>.fromOpaque(sinkPointer).takeUnretainedValue()
                return sink.appendBody(UnsafeRawBufferPointer(start: data, count: size * count))
            }, CURLOPT_WRITEFUNCTION)
        try set(CURLOPT_HEADERDATA, sinkPointer)
        try check(
            ccurl_easy_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, sinkPointer in
                guard let sinkPointer else { return 0 }
                let sink = Unmanaged<CurlResponseSink>.fromOpaque(sinkPointer).takeUnretainedValue()
                return sink.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            }, CURLOPT_HEADERFUNCTION)
    }

    // MARK: - Typed setters

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    private func setOffset(_ option: CURLoption, _ value: Int) throws(HTTPError) {
        try check(ccurl_easy_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPError) {
        try check(ccurl_easy_setopt_string(handle, option, value), option)  // libcurl copies strings
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutableRawPointer) throws(HTTPError) {
        try check(ccurl_easy_setopt_pointer(handle, option, value), option)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPError) {
        guard code != CURLE_OK else { return }
        let request = job.request
        throw HTTPError(
            curlCode: code, detail: "setting libcurl option \(option.rawValue): \(String(cString: curl_easy_strerror(code)))",
            request: request, exceededMaximumBodySize: false, maximumBodySize: sink.maximumBodySize)
    }

    // MARK: - Header validation (RFC 9110 §5.1, §5.5)

    private static func isValidFieldName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    true
                default:
                    "!#$%&'*+-.^_`|~".utf8.contains(byte)
                }
            }
    }

    private static func isValidFieldValue(_ value: String) -> Bool {
        !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 (libcurl reads 0 as "no limit").
    fileprivate var roundedUpMilliseconds: Int {
        let (seconds, attoseconds) = components
        guard seconds < Int64(Int.max / 1000 - 1) else { return Int.max }
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(1, milliseconds))
    }
}
