import Store

/// A failure of the flow runner: the store failed, or a stored record cannot be read.
///
/// Transient errors (a busy database) may be retried; the step was not written, so
/// retrying delivers it once.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The stable code, such as `runtime.store`.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The store failed; see ``RuntimeError/underlying``.
        public static let store = Code(rawValue: "runtime.store")
        /// A stored record (a program, an execution state, a message) could not be encoded or decoded.
        public static let unreadableRecord = Code(rawValue: "runtime.unreadable-record")
    }

    /// What kind of failure.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// Whether trying again later may succeed.
    public var isTransient: Bool
    /// The underlying error.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, isTransient: Bool = false, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.isTransient = isTransient
        self.underlying = underlying
    }

    /// Wraps a store failure, keeping whether it is transient.
    init(_ error: StoreError) {
        self.init(.store, error.message, isTransient: error.isTransient, underlying: error)
    }

    /// The message.
    public var description: String { message }
}
