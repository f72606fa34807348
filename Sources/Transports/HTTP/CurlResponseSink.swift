import Foundation

/// Collects one response's status-line-delimited headers and body as libcurl hands them
/// over, enforcing the body size limit.
///
/// Only the multi thread touches a sink: libcurl calls the write and header callbacks from
/// inside `curl_multi_perform`. Each transfer owns its sink and outlives every callback.
final class CurlResponseSink {
    /// The largest body accepted, in bytes.
    let maximumBodySize: Int
    /// Header fields of the most recent response, in order.
    private(set) var headers: [(name: String, value: String)] = []
    /// The body received so far (of the most recent response).
    private(set) var body = Data()
    /// Set when the body would have exceeded `maximumBodySize` and the transfer was aborted.
    private(set) var exceededMaximumBodySize = false

    init(maximumBodySize: Int) {
        self.maximumBodySize = maximumBodySize
    }

    /// Appends body bytes. Returns the number of bytes taken; anything else makes libcurl
    /// abort the transfer with `CURLE_WRITE_ERROR`.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard body.count + bytes.count <= maximumBodySize else {
            exceededMaximumBodySize = true
            return 0
        }
        body.append(contentsOf: bytes)
        return bytes.count
    }

    /// Takes one header line as libcurl delivers it (status line, field, or the blank line
    /// ending the block). A status line starts a new response, which replaces what an
    /// earlier one (a followed redirect, a `100 Continue`, a proxy's CONNECT reply) left.
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) -> Int {
        var line = Substring(String(decoding: bytes, as: UTF8.self))
        while line.last?.isNewline == true { line.removeLast() }  // "\r\n" is one Character
        if line.hasPrefix("HTTP/") {
            headers.removeAll(keepingCapacity: true)
            body.removeAll(keepingCapacity: true)
        } else if let first = line.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding (RFC 9112 §5.2): a continuation of the previous value.
            headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name: name, value: value))
        }
        return bytes.count
    }
}
