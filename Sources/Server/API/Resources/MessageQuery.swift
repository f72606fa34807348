import Foundation
import Store

/// The filters of `GET /api/messages`, checked by ``EngineAPI``: states and kinds are
/// known values, the limit is within 1...``maximumLimit``.
public struct MessageQuery: Sendable, Hashable {
    /// The largest page.
    public static let maximumLimit = 500
    /// The page size when none is asked for.
    public static let defaultLimit = 50
    /// The states a message can be in.
    public static let states = OutboxState.allCases.map(\.rawValue)
    /// The kinds of resources that queue messages.
    public static let originKinds = OutboxOrigin.Kind.allCases.map(\.rawValue)

    public var sender: String?
    /// E.164, as given (the data source may normalise it).
    public var recipient: String?
    public var state: String?
    public var originKind: String?
    public var originName: String?
    /// Messages queued at or after this instant.
    public var since: Date?
    /// Messages with an id below this one (the previous page's `nextCursor`).
    public var beforeID: Int64?
    public var limit: Int

    public init(
        sender: String? = nil, recipient: String? = nil, state: String? = nil, originKind: String? = nil, originName: String? = nil,
        since: Date? = nil, beforeID: Int64? = nil, limit: Int = MessageQuery.defaultLimit
    ) {
        self.sender = sender
        self.recipient = recipient
        self.state = state
        self.originKind = originKind
        self.originName = originName
        self.since = since
        self.beforeID = beforeID
        self.limit = limit
    }
}
