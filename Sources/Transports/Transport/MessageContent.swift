/// What a message says: one of the kinds WhatsApp delivers.
public enum MessageContent: Sendable, Hashable {
    /// Free text. Outside the 24-hour customer-service window the Cloud API refuses it:
    /// send a ``template(_:)`` instead.
    /// - Parameter previewURL: whether WhatsApp renders a preview of the first link.
    case text(String, previewURL: Bool = false)
    /// An approved template, the only kind allowed outside the 24-hour window.
    case template(TemplateMessage)
    /// An image, document, video or audio file fetched by the provider from a link.
    case media(MediaAttachment)
    /// A text with up to three reply buttons.
    case buttons(body: String, buttons: [ReplyButton])
    /// A text with a button that opens a list of up to ten rows in up to ten sections.
    case list(body: String, buttonLabel: String, sections: [ListSection])
}
