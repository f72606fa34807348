/// The result of ``Template/render(_:escaping:)``: the text and which variables were absent.
public struct Rendered: Sendable, Hashable {
    /// The rendered text.
    public let text: String
    /// Variables the context lacked and no `default` covered, which rendered as empty text;
    /// distinct paths in order of first use.
    public let missing: [VariablePath]
    /// Variables the context lacked but a `default` filter covered; distinct, in order of first use.
    public let defaulted: [VariablePath]

    init(text: String, missing: [VariablePath], defaulted: [VariablePath]) {
        self.text = text
        self.missing = missing
        self.defaulted = defaulted
    }

    /// Whether every variable without a default was found.
    public var isComplete: Bool { missing.isEmpty }
}
