/// Who a WhatsApp user is, as far as the provider says.
public struct ContactProfile: Sendable, Hashable {
    /// The name the user set in WhatsApp, when shared.
    public var name: String?
    /// Their WhatsApp id (phone number digits); missing for users known only by ``userID``.
    public var waID: String?
    /// A provider-scoped user id that some payloads carry instead of, or beside, the
    /// WhatsApp id.
    public var userID: String?

    /// Creates a profile.
    public init(name: String?, waID: String?, userID: String?) {
        self.name = name
        self.waID = waID
        self.userID = userID
    }
}
