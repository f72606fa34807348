import Foundation

/// One run of a flow with one contact on one sender.
public struct FlowExecutionResource: Sendable, Hashable, Codable {
    public var id: Int64
    public var flow: String
    /// The compiled version it is pinned to.
    public var version: String
    public var sender: String
    public var contact: String
    /// `active` or `ended`.
    public var status: String
    /// Steps committed so far.
    public var steps: Int64
    public var startedAt: Date
    public var updatedAt: Date
    public var endedReason: String?

    public init(
        id: Int64, flow: String, version: String, sender: String, contact: String, status: String, steps: Int64, startedAt: Date, updatedAt: Date,
        endedReason: String? = nil
    ) {
        self.id = id
        self.flow = flow
        self.version = version
        self.sender = sender
        self.contact = contact
        self.status = status
        self.steps = steps
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.endedReason = endedReason
    }
}

/// A page of a flow's executions, newest first.
public struct FlowExecutionPage: Sendable, Hashable, Codable {
    public var executions: [FlowExecutionResource]
    /// Pass as `cursor` for the next page; nil on the last page.
    public var nextCursor: String?

    public init(executions: [FlowExecutionResource], nextCursor: String?) {
        self.executions = executions
        self.nextCursor = nextCursor
    }
}
