/// Why a transport call other than a send failed (mark read, typing, status).
///
/// Sends never throw; they classify into a ``SendOutcome``.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// A stable, dotted code; providers' numeric codes keep their digits
    /// (`cloud-api.190`).
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's text.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The HTTP exchange failed; see ``TransportError/underlying``.
        public static let http = Code(rawValue: "transport.http")
        /// The provider answered in a shape nobody expected.
        public static let unexpectedResponse = Code(rawValue: "transport.unexpected-response")
        /// The configuration cannot work (a base URL that is not one).
        public static let configuration = Code(rawValue: "transport.configuration")
    }

    /// What kind of failure.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// Whether trying again later may succeed.
    public var isTransient: Bool
    /// A delay the provider asked for, when it said.
    public var retryAfter: Duration?
    /// The error underneath (an `HTTPError`), if any.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, isTransient: Bool, retryAfter: Duration? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
        self.retryAfter = retryAfter
        self.underlying = underlying
    }

    /// The message.
    public var description: String { message }
}
