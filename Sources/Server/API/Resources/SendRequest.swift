/// One message of `POST /api/messages` or `POST /api/messages/bulk`, checked by
/// ``EngineAPI``: exactly one of text and template, non-empty strings.
public struct SendRequest: Sendable, Hashable {
    /// The sender asked for; nil lets the dispatcher choose.
    public var sender: String?
    /// The number as given; the data source normalises it (400 when it is not one).
    public var to: String
    public var content: Content
    /// The client's idempotency key, from the body or the `Idempotency-Key` header (for a
    /// bulk request, the header's key and the message's index); nil sends every time.
    public var idempotencyKey: String?
    /// Where the message is in the request, for errors: `to`, `[3].to`.
    public var fieldPrefix: String

    /// Free text or an approved WhatsApp template.
    public enum Content: Sendable, Hashable {
        case text(String)
        case template(name: String, language: String, parameters: [String], header: [String], buttons: [String])
    }

    public init(sender: String?, to: String, content: Content, idempotencyKey: String? = nil, fieldPrefix: String = "") {
        self.sender = sender
        self.to = to
        self.content = content
        self.idempotencyKey = idempotencyKey
        self.fieldPrefix = fieldPrefix
    }

    /// The path of `field` in the request body (`to`, `[3].to`).
    public func field(_ field: String) -> String { fieldPrefix.isEmpty ? field : "\(fieldPrefix).\(field)" }
}
