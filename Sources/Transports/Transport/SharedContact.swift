/// A contact card a user shared.
public struct SharedContact: Sendable, Hashable {
    /// The card's formatted name, when it has one.
    public var name: String?
    /// The card's phone numbers as written on it.
    public var phones: [String]

    /// Creates a card.
    public init(name: String?, phones: [String]) {
        self.name = name
        self.phones = phones
    }
}
