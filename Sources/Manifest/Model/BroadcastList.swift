/// A list of members; each entry of `sends` goes to every member once.
public struct BroadcastList: Sendable, Hashable {
    public var header: ResourceHeader
    public var sender: Located<String>
    public var members: ContactSource
    public var batchSize: Int
    public var batchPause: Duration
    public var sends: [BroadcastSend]
    public var resendUnknown: Bool
}

/// One message to a broadcast list, identified by its `id`.
public struct BroadcastSend: Sendable, Hashable {
    public var id: Located<String>
    public var content: MessageContent
}
