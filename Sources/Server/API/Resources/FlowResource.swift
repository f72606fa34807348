/// A flow as `/api/flows` shows it.
public struct FlowResource: Sendable, Hashable, Codable {
    public var name: String
    public var description: String?
    public var active: Bool
    /// The senders it runs on; nil means every sender.
    public var senders: [String]?
    /// Keyword triggers: how they match and their keywords.
    public var triggers: [Trigger]
    /// The node executions start at.
    public var start: String
    /// The nodes, in the order written.
    public var nodes: [String]
    /// The first 12 hex digits of the applied spec's hash; nil before the first apply.
    public var version: String?
    public var activeExecutions: Int

    /// Keywords that start the flow.
    public struct Trigger: Sendable, Hashable, Codable {
        /// `exact`, `word`, `prefix` or `regex`.
        public var match: String
        public var keywords: [String]

        public init(match: String, keywords: [String]) {
            self.match = match
            self.keywords = keywords
        }
    }

    public init(
        name: String, description: String? = nil, active: Bool, senders: [String]?, triggers: [Trigger], start: String, nodes: [String],
        version: String?, activeExecutions: Int
    ) {
        self.name = name
        self.description = description
        self.active = active
        self.senders = senders
        self.triggers = triggers
        self.start = start
        self.nodes = nodes
        self.version = version
        self.activeExecutions = activeExecutions
    }
}
