/// A titled group of rows in a list message.
public struct ListSection: Sendable, Hashable {
    /// One choice in a list message.
    public struct Row: Sendable, Hashable {
        /// Comes back in the reply; unique per message.
        public var id: String
        /// The label, at most 24 characters.
        public var title: String
        /// A second line, at most 72 characters.
        public var description: String?

        /// Creates a row.
        public init(id: String, title: String, description: String? = nil) {
            self.id = id
            self.title = title
            self.description = description
        }
    }

    /// The section's heading, at most 24 characters; required when there are several.
    public var title: String?
    /// The choices; at most ten across all sections of a message.
    public var rows: [Row]

    /// Creates a section.
    public init(title: String?, rows: [Row]) {
        self.title = title
        self.rows = rows
    }
}
