/// A message template approved by Meta, with the values of its placeholders.
public struct TemplateMessage: Sendable, Hashable {
    /// The template's name as approved (`order_update`).
    public var name: String
    /// The language code of the approved translation (`en_US`, `pt_BR`).
    public var languageCode: String
    /// Values of the body's `{{1}}`, `{{2}}`… in order.
    public var bodyParameters: [String]
    /// Values of a text header's placeholders in order; empty for none.
    public var headerParameters: [String]
    /// Payloads of the quick-reply buttons in button order; the tap comes back as an
    /// inbound ``InboundContent/quickReply(payload:text:)`` carrying the payload.
    public var buttonPayloads: [String]

    /// Creates a template message.
    public init(
        name: String, languageCode: String, bodyParameters: [String] = [], headerParameters: [String] = [], buttonPayloads: [String] = []
    ) {
        self.name = name
        self.languageCode = languageCode
        self.bodyParameters = bodyParameters
        self.headerParameters = headerParameters
        self.buttonPayloads = buttonPayloads
    }
}
