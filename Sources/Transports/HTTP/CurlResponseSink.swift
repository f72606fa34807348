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
        // Bytes, not Characters: this runs for every header of every response.
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[..<end])
        if line.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
            body.removeAll(keepingCapacity: true)
        } else if let first = line.first, first == 0x20 || first == 0x09, !headers.isEmpty {
            // Obsolete line folding (RFC 9112 §5.2): a continuation of the previous value.
            headers[headers.count - 1].value += " " + Self.trimmed(line[...])
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<colon]), as: UTF8.self)
            headers.append((name: name, value: Self.trimmed(line[(colon + 1)...])))
        }
        return bytes.count
    }

    /// The text of `bytes` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 { upper -= 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[lower..<upper]), as: UTF8.self)
    }
}
