import Foundation
import Templates

/// Something that happened to an execution.
public enum FlowEvent: Sendable, Hashable {
    /// The contact wrote.
    case inbound(IncomingMessage)
    /// A timer the execution started fired; an id the execution no longer waits for is ignored.
    case timerFired(id: Int)
    /// An HTTP call the execution made finished (or could not be made).
    case httpResult(HTTPResult)
}

/// A message from a contact.
public struct IncomingMessage: Sendable, Hashable {
    /// The text; for a button or list reply, the title the contact saw.
    public var text: String
    /// The id of the tapped button or list row, if the message is such a reply.
    public var replyID: String?
    /// The name of the sender (our number) that received it.
    public var sender: String
    /// The contact's number, E.164.
    public var contactPhone: String
    /// The contact's WhatsApp profile name, when the provider sent it.
    public var profileName: String?

    /// Creates a message.
    public init(text: String, replyID: String? = nil, sender: String, contactPhone: String, profileName: String? = nil) {
        self.text = text
        self.replyID = replyID
        self.sender = sender
        self.contactPhone = contactPhone
        self.profileName = profileName
    }
}

/// The outcome of an ``HTTPCall``.
public struct HTTPResult: Sendable, Hashable {
    /// The ``HTTPCall/id`` this answers.
    public var callID: Int
    /// The HTTP status; 0 when no response came (network error, timeout, refused).
    public var status: Int
    /// Response headers.
    public var headers: [String: String]
    /// The response body.
    public var body: Data

    /// Creates a result.
    public init(callID: Int, status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.callID = callID
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as JSON, else as text; nil when it is empty or not UTF-8.
    var bodyValue: TemplateValue? {
        guard !body.isEmpty else { return nil }
        if let json = try? TemplateValue(jsonData: body) { return json }
        return String(data: body, encoding: .utf8).map(TemplateValue.string)
    }
}
