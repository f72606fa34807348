import Foundation

/// A change in the state of a message we sent.
///
/// States can arrive out of order or be skipped (`read` without `delivered`): the caller
/// keeps the furthest state seen, with `failed` final.
public struct DeliveryStatus: Sendable, Hashable {
    /// A message state; providers add new ones, so unknown words are kept as is.
    public struct State: RawRepresentable, Sendable, Hashable {
        /// The provider's word.
        public var rawValue: String
        /// Creates a state from the provider's word.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// The provider sent it towards the user.
        public static let sent = State(rawValue: "sent")
        /// It reached the user's phone.
        public static let delivered = State(rawValue: "delivered")
        /// The user opened it (only with read receipts on).
        public static let read = State(rawValue: "read")
        /// It will not be delivered; see ``DeliveryStatus/errors``.
        public static let failed = State(rawValue: "failed")
    }

    /// The provider's id of our number that sent it.
    public var phoneNumberID: String
    /// The id ``SendOutcome/accepted(providerMessageID:waID:)`` returned.
    public var messageID: String
    /// The new state.
    public var state: State
    /// The recipient's WhatsApp id, when given.
    public var recipientID: String?
    /// When the state changed, as the provider stamped it (whole seconds); nil when the
    /// payload had no readable timestamp.
    public var timestamp: Date?
    /// Why it failed, for `failed`; may be empty otherwise.
    public var errors: [ProviderError]
    /// The provider's conversation id, when it sent one.
    public var conversationID: String?
    /// The pricing category (`utility`, `marketing`…), when it sent one.
    public var pricingCategory: String?

    /// Creates a status.
    public init(
        phoneNumberID: String, messageID: String, state: State, recipientID: String?, timestamp: Date?, errors: [ProviderError] = [],
        conversationID: String? = nil, pricingCategory: String? = nil
    ) {
        self.phoneNumberID = phoneNumberID
        self.messageID = messageID
        self.state = state
        self.recipientID = recipientID
        self.timestamp = timestamp
        self.errors = errors
        self.conversationID = conversationID
        self.pricingCategory = pricingCategory
    }
}
