/// A loaded configuration: every resource of a directory, decoded and typed.
///
/// Only a configuration whose validation has no errors should be planned or applied;
/// an invalid one still holds what could be decoded, for reporting.
public struct Configuration: Sendable {
    /// The directory the configuration was read from (absolute).
    public var directory: String
    /// The settings (defaults when there is no `Settings` document).
    public var settings: Settings = .defaults
    public var senders: [Sender] = []
    public var campaigns: [Campaign] = []
    public var broadcastLists: [BroadcastList] = []
    public var autoReplies: [AutoReply] = []
    public var flows: [Flow] = []

    /// Creates an empty configuration for `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Every resource's header, in apply order (kind, then name).
    public var headers: [ResourceHeader] {
        var all: [ResourceHeader] = []
        if let header = settings.header { all.append(header) }
        all += senders.map(\.header) + campaigns.map(\.header) + broadcastLists.map(\.header)
        all += autoReplies.map(\.header) + flows.map(\.header)
        return all.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// How many resources of each kind.
    public var counts: [ResourceKind: Int] {
        var counts: [ResourceKind: Int] = [:]
        for header in headers { counts[header.kind, default: 0] += 1 }
        return counts
    }
}

/// One decoded resource.
enum Resource: Sendable {
    case settings(Settings)
    case sender(Sender)
    case campaign(Campaign)
    case broadcastList(BroadcastList)
    case autoReply(AutoReply)
    case flow(Flow)

    var header: ResourceHeader {
        switch self {
        case .settings(let settings): return settings.header!
        case .sender(let value): return value.header
        case .campaign(let value): return value.header
        case .broadcastList(let value): return value.header
        case .autoReply(let value): return value.header
        case .flow(let value): return value.header
        }
    }
}
