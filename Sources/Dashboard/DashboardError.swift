/// A failure to produce the dashboard page.
public struct DashboardError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, stable for tests and logs.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's text, `dashboard.…`.
        public var rawValue: String

        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A built-in template does not compile: a bug in the `Dashboard` module.
        public static let templateInvalid = Code(rawValue: "dashboard.template-invalid")
    }

    /// What went wrong.
    public var code: Code
    /// What happened, for logs and the 500 answer.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
