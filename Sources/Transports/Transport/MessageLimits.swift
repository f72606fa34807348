/// WhatsApp's size limits on outbound messages, checked just before a send.
///
/// `engine validate` checks static texts already; this catches what templates rendered
/// at run time (a long `<<contact.name>>`), so the provider never sees a request it
/// would refuse. Lengths count characters (grapheme clusters), as validation does.
public struct MessageLimits: Sendable, Hashable {
    /// A text message's body.
    public var maximumText = 4096
    /// The body of a button or list message, and a media caption.
    public var maximumInteractiveBody = 1024
    /// Reply buttons in one message.
    public var maximumButtons = 3
    /// A reply button's title, and a list's button label.
    public var maximumButtonTitle = 20
    /// Sections in a list message.
    public var maximumSections = 10
    /// Rows in a list message, across all sections.
    public var maximumRows = 10
    /// A section's or row's title.
    public var maximumRowTitle = 24
    /// A row's description.
    public var maximumRowDescription = 72

    /// The limits of WhatsApp (Cloud API and WhatsApp Web alike).
    public static let whatsApp = MessageLimits()

    /// Creates the WhatsApp limits; change a field to test another.
    public init() {}

    /// Why `content` breaks a limit, or nil when it fits. Empty bodies and labels count
    /// as broken too: the provider refuses them just the same.
    public func violation(in content: MessageContent) -> String? {
        switch content {
        case .text(let body, _):
            if body.isEmpty { return "the text is empty" }
            return tooLong(body, maximumText, "the text")
        case .template(let template):
            return template.name.isEmpty ? "the template name is empty" : nil
        case .media(let media):
            if media.link.isEmpty { return "the \(media.kind.rawValue) has no link" }
            return media.caption.flatMap { tooLong($0, maximumInteractiveBody, "the caption") }
        case .buttons(let body, let buttons):
            if let problem = checkBody(body) { return problem }
            if buttons.isEmpty { return "a button message needs at least one button" }
            if buttons.count > maximumButtons {
                return "\(buttons.count) buttons; WhatsApp allows at most \(maximumButtons)"
            }
            for button in buttons {
                if let problem = checkLabel(button.title, maximumButtonTitle, "button title") { return problem }
            }
            return nil
        case .list(let body, let buttonLabel, let sections):
            if let problem = checkBody(body) ?? checkLabel(buttonLabel, maximumButtonTitle, "list button") { return problem }
            if sections.count > maximumSections {
                return "\(sections.count) sections; WhatsApp allows at most \(maximumSections)"
            }
            let rows = sections.flatMap(\.rows)
            if rows.isEmpty { return "a list message needs at least one row" }
            if rows.count > maximumRows {
                return "\(rows.count) rows; WhatsApp allows at most \(maximumRows) in all sections together"
            }
            for section in sections {
                if let title = section.title, let problem = tooLong(title, maximumRowTitle, "the section title '\(title)'") { return problem }
            }
            for row in rows {
                if let problem = checkLabel(row.title, maximumRowTitle, "row title") { return problem }
                if let description = row.description, let problem = tooLong(description, maximumRowDescription, "the row description") {
                    return problem
                }
            }
            return nil
        }
    }

    private func checkBody(_ body: String) -> String? {
        body.isEmpty ? "the body text is empty" : tooLong(body, maximumInteractiveBody, "the body text")
    }

    private func checkLabel(_ label: String, _ limit: Int, _ what: String) -> String? {
        label.isEmpty ? "a \(what) is empty" : tooLong(label, limit, "the \(what) '\(label)'")
    }

    private func tooLong(_ text: String, _ limit: Int, _ what: String) -> String? {
        let count = text.count
        return count > limit ? "\(what) has \(count) characters; WhatsApp allows at most \(limit)" : nil
    }
}
