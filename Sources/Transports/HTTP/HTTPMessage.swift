import Foundation

/// An HTTP request as the transports build it and the client sends it.
public struct HTTPRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable { case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE" }
    public var method: Method
    public var url: URL
    /// Header fields in order; names as written.
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// The whole exchange must finish within this (connect, send, receive).
    public var timeout: Duration

    public init(method: Method, url: URL, headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Duration = .seconds(30)) {
        self.method = method; self.url = url; self.headers = headers; self.body = body; self.timeout = timeout
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.timeout == rhs.timeout
            && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method); hasher.combine(url); hasher.combine(body)
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.isSameFieldName(as: name) }?.value
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(status: Int, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.status = status; self.headers = headers; self.body = body
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.status == rhs.status && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name): \($0.value)" } == rhs.headers.map { "\($0.name): \($0.value)" }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(status); hasher.combine(body)
    }

    /// The first value of a header, case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.isSameFieldName(as: name) }?.value
    }
}

/// Sends HTTP requests. The libcurl client implements it; tests of code that only needs
/// "something that answers requests" may use a recording implementation.
public protocol HTTPSending: Sendable {
    func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse
}

/// Why an HTTP exchange failed. Never thrown for a response with an error status: that
/// is a response.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Sendable, Hashable {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let invalidURL = Code(rawValue: "http.invalid-url")
        public static let couldNotResolveHost = Code(rawValue: "http.could-not-resolve-host")
        public static let couldNotConnect = Code(rawValue: "http.could-not-connect")
        public static let timedOut = Code(rawValue: "http.timed-out")
        public static let tls = Code(rawValue: "http.tls")
        public static let tooManyRedirects = Code(rawValue: "http.too-many-redirects")
        public static let responseTooLarge = Code(rawValue: "http.response-too-large")
        public static let transfer = Code(rawValue: "http.transfer")
        public static let cancelled = Code(rawValue: "http.cancelled")
    }
    public var code: Code
    /// What happened and what to do, naming the host.
    public var message: String
    /// Whether retrying later may succeed (timeouts, refused connections, resets).
    public var isTransient: Bool
    /// A delay the server asked for (Retry-After), when known.
    public var retryAfter: Duration?
    public init(_ code: Code, _ message: String, isTransient: Bool, retryAfter: Duration? = nil) {
        self.code = code; self.message = message; self.isTransient = isTransient; self.retryAfter = retryAfter
    }
    public var description: String { message }
}

extension String {
    /// Whether two header field names are equal ignoring ASCII case (field names are
    /// ASCII tokens; comparing bytes keeps this off Foundation on every request).
    func isSameFieldName(as other: String) -> Bool {
        utf8.count == other.utf8.count
            && zip(utf8, other.utf8).allSatisfy { left, right in
                left == right || (left | 0x20 == right | 0x20 && (left | 0x20) &- UInt8(ascii: "a") < 26)
            }
    }
}
