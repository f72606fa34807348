import Foundation

/// A message a WhatsApp user sent to one of our numbers.
public struct InboundMessage: Sendable, Hashable {
    /// The provider's id of our number that received it (Cloud API `phone_number_id`).
    public var phoneNumberID: String
    /// The provider's message id (`wamid.…`); unique, so it deduplicates.
    public var id: String
    /// Who wrote: their WhatsApp id (phone number digits without `+`) as the provider
    /// gave it.
    public var from: String
    /// The sender's profile when the payload had one; its `waID` may be missing (users
    /// identified only by a `userID`).
    public var contact: ContactProfile?
    /// When the user sent it, as the provider stamped it (whole seconds); nil when the
    /// payload had no readable timestamp (use the time of receipt).
    public var timestamp: Date?
    /// The id of our message this one answers (a button tap, a quoted reply), if any.
    public var replyingTo: String?
    /// What it says.
    public var content: InboundContent

    /// Creates a message.
    public init(
        phoneNumberID: String, id: String, from: String, contact: ContactProfile?, timestamp: Date?, replyingTo: String?, content: InboundContent
    ) {
        self.phoneNumberID = phoneNumberID
        self.id = id
        self.from = from
        self.contact = contact
        self.timestamp = timestamp
        self.replyingTo = replyingTo
        self.content = content
    }
}
