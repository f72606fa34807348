import Foundation

/// What the flow runner keeps: compiled flow versions, executions, the inbox, contacts,
/// timers, HTTP calls in flight and counters, and the atomic write of one step.
///
/// Like ``StateStore``, this is the boundary a PostgreSQL store will also implement: the
/// runner never assumes one process. Every write of a step goes through
/// ``commit(_:)``, one transaction that either lands whole or not at all, and refuses a
/// step computed from a state another writer has moved on from (``StoreError/Code/conflict``).
/// Programs and execution states are opaque JSON here: the store does not know the
/// `Flows` module. Every method is synchronous and may block on I/O.
public protocol FlowStateStore: Sendable {
    /// Saves compiled versions; a version already saved (same flow and version) is kept as it was.
    func saveFlowVersions(_ versions: [FlowVersionRecord]) throws(StoreError)

    /// The saved version `version` of `flow`, if any.
    func flowVersion(flow: String, version: String) throws(StoreError) -> FlowVersionRecord?

    /// The execution with this id, active or ended.
    func execution(id: Int64) throws(StoreError) -> ExecutionRecord?

    /// The active execution of a conversation, if any (there is at most one).
    func activeExecution(in conversation: Conversation) throws(StoreError) -> ExecutionRecord?

    /// Every active execution of `flow`, oldest first.
    func activeExecutions(flow: String) throws(StoreError) -> [ExecutionRecord]

    /// The names of the flows that have active executions.
    func flowsWithActiveExecutions() throws(StoreError) -> Set<String>

    /// Stores an inbound message and creates its contact on first contact (or notes that
    /// it was seen again, keeping a known name).
    ///
    /// - Returns: the stored row, or nil when a message with the same provider id was
    ///   stored before (webhooks deliver twice); nothing is written then.
    func recordInbound(_ message: NewInboundMessage) throws(StoreError) -> InboundRecord?

    /// The conversation's messages not processed yet, in arrival order.
    func unprocessedInbound(in conversation: Conversation) throws(StoreError) -> [InboundRecord]

    /// Every conversation with messages not processed yet, the one waiting longest first.
    func conversationsWithUnprocessedInbound() throws(StoreError) -> [Conversation]

    /// The contact with this number, if it ever wrote (or was handed off).
    func contact(phone: String) throws(StoreError) -> ContactRecord?

    /// Timers due at or before `date`, by fire time (then creation), at most `limit`.
    func dueTimers(until date: Date, limit: Int) throws(StoreError) -> [TimerRecord]

    /// When the earliest timer fires, if any is set.
    func nextTimerDate() throws(StoreError) -> Date?

    /// The HTTP calls executions wait for, oldest first: after a restart they are made again.
    func pendingHTTPCalls() throws(StoreError) -> [PendingHTTPCallRecord]

    /// Per-node and per-edge counters of `flow`, every version, sorted by version and key.
    func flowCounters(flow: String) throws(StoreError) -> [FlowCounter]

    /// Writes one step (or a few that belong together, such as an interruption and the
    /// start it makes room for) in one transaction.
    ///
    /// - Throws: ``StoreError/Code/conflict`` when an execution's sequence moved, an
    ///   execution to update has ended, a new execution meets an active one in the same
    ///   conversation, or an inbound message was processed already; nothing is written.
    /// - Returns: each execution's id and new sequence, in the order of `commit.executions`.
    @discardableResult
    func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult]

    /// Runs `body` in one write transaction and commits it when `body` returns: reads and
    /// steps that together cost one commit (see ``FlowTransaction``). All or nothing: when
    /// `body` throws, or one of its calls failed, nothing of it is written.
    ///
    /// - Throws: what `body` throws, the first failure of its calls, or the failure of the
    ///   transaction itself (starting or committing it).
    func transaction<Value>(_ body: (any FlowTransaction) throws(StoreError) -> Value) throws(StoreError) -> Value

    /// Starts the store's own upkeep for a runner's sustained writes, off the runner's
    /// transactions (SQLite: WAL checkpoints on a thread of their own, instead of inside
    /// the commit that fills the WAL). The returned object keeps it going; releasing it
    /// stops it. Nil when the store has none, or cannot start it (then the upkeep stays
    /// where it was, inside commits).
    func startMaintenance() -> (any Sendable)?
}

extension FlowStateStore {
    /// No upkeep of its own.
    public func startMaintenance() -> (any Sendable)? { nil }
}

extension StoreError.Code {
    /// The step was computed from a state that another writer has changed since, or it
    /// was written before (a replay). Read the state again; nothing was written.
    public static let conflict = StoreError.Code(rawValue: "store.conflict")
}

/// A conversation: one contact writing to one of our senders. A contact has at most one
/// active execution per conversation.
public struct Conversation: Sendable, Hashable, CustomStringConvertible {
    /// The sender's resource name.
    public var sender: String
    /// The contact's number, E.164.
    public var contact: String

    /// Creates a conversation key.
    public init(sender: String, contact: String) {
        self.sender = sender
        self.contact = contact
    }

    /// `contact@sender`.
    public var description: String { "\(contact)@\(sender)" }
}
