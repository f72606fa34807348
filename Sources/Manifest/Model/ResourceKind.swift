/// The kinds of resource a configuration declares.
public enum ResourceKind: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case settings = "Settings"
    case sender = "Sender"
    case campaign = "Campaign"
    case broadcastList = "BroadcastList"
    case autoReply = "AutoReply"
    case flow = "Flow"

    /// Apply order: settings and senders first, since everything else refers to them.
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool { lhs.order < rhs.order }

    /// The plural a person reads in summaries: "3 senders".
    public func counted(_ count: Int) -> String {
        let noun: String
        switch self {
        case .settings: noun = "settings"
        case .sender: noun = count == 1 ? "sender" : "senders"
        case .campaign: noun = count == 1 ? "campaign" : "campaigns"
        case .broadcastList: noun = count == 1 ? "broadcast list" : "broadcast lists"
        case .autoReply: noun = count == 1 ? "auto-reply" : "auto-replies"
        case .flow: noun = count == 1 ? "flow" : "flows"
        }
        return "\(count) \(noun)"
    }
}
