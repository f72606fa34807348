/// An error as a provider reported it, kept verbatim.
public struct ProviderError: Sendable, Hashable {
    /// The provider's code as text (`131026`).
    public var code: String
    /// A short title, when given (Meta plans to drop titles: do not match on them).
    public var title: String?
    /// The message, when given.
    public var message: String?
    /// The most specific explanation, when given.
    public var details: String?

    /// Creates an error.
    public init(code: String, title: String? = nil, message: String? = nil, details: String? = nil) {
        self.code = code
        self.title = title
        self.message = message
        self.details = details
    }

    /// The most specific text there is, for logs and status.
    public var summary: String {
        [message ?? title, details].compactMap { $0 }.joined(separator: ": ")
    }
}
