/// A provider-level error not tied to one message (Cloud API `value.errors[]`).
public struct SystemErrorReport: Sendable, Hashable {
    /// The provider's id of our number it concerns.
    public var phoneNumberID: String
    /// The error.
    public var error: ProviderError

    /// Creates a report.
    public init(phoneNumberID: String, error: ProviderError) {
        self.phoneNumberID = phoneNumberID
        self.error = error
    }
}
