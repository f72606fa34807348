import Flows
import Foundation
import Transports

/// A message a contact sent to one of our senders, as the runner takes it in.
///
/// The webhook layer builds it from a provider's ``Transports/InboundMessage`` (see
/// ``init(_:sender:receivedAt:)``); tests build it directly.
public struct ReceivedMessage: Sendable, Hashable {
    /// The provider's message id; a second message with the same id is a duplicate.
    public var providerMessageID: String
    /// The sender's resource name (our number that received it).
    public var sender: String
    /// The contact's number, E.164.
    public var contactPhone: String
    /// The contact's WhatsApp profile name, when the provider sent it.
    public var profileName: String?
    /// The text; for a button or list reply, the title the contact saw.
    public var text: String
    /// The id of the tapped button or list row (or a quick reply's payload), if any.
    public var replyID: String?
    /// When the engine received it.
    public var receivedAt: Date

    /// Creates a message.
    public init(
        providerMessageID: String, sender: String, contactPhone: String, profileName: String? = nil, text: String, replyID: String? = nil,
        receivedAt: Date
    ) {
        self.providerMessageID = providerMessageID
        self.sender = sender
        self.contactPhone = contactPhone
        self.profileName = profileName
        self.text = text
        self.replyID = replyID
        self.receivedAt = receivedAt
    }

    /// A provider's message to `sender`: the number gets its `+`, taps give their ids, and
    /// kinds without text (locations, reactions) arrive as empty text.
    public init(_ message: Transports.InboundMessage, sender: String, receivedAt: Date) {
        let replyID: String? =
            switch message.content {
            case .buttonReply(let id, _), .listReply(let id, _, _): id
            case .quickReply(let payload, _): payload
            default: nil
            }
        self.init(
            providerMessageID: message.id, sender: sender, contactPhone: message.from.hasPrefix("+") ? message.from : "+" + message.from,
            profileName: message.contact?.name, text: message.content.text ?? "", replyID: replyID, receivedAt: receivedAt)
    }

    /// The message as the interpreter sees it.
    var incoming: IncomingMessage {
        IncomingMessage(text: text, replyID: replyID, sender: sender, contactPhone: contactPhone, profileName: profileName)
    }
}

/// What the inbox keeps of a message (`inbound_messages.body`).
struct StoredInboundBody: Codable {
    var text: String
    var replyID: String?
    var profileName: String?
}
