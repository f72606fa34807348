import Foundation

/// The flow runner's reads and steps inside one store transaction (see
/// ``FlowStateStore/transaction(_:)``).
///
/// Reads see what the transaction wrote so far. The steps written through ``commit(_:)``
/// land together when the transaction commits, or not at all: this is how the runner
/// records a message and processes it in one round trip, and how it commits the steps of
/// many conversations at once (a group commit: one commit, one WAL append, for all of
/// them). A step that fails leaves the transaction unfit to commit: the store rolls it
/// back whatever the body does next, and the runner does the work again, one step per
/// transaction (``FlowStateStore/stepwise``), so that one bad step cannot sink the others.
///
/// A transaction belongs to the body it is given to: it must not escape it, nor be used
/// from another thread.
public protocol FlowTransaction {
    /// Stores an inbound message; see ``FlowStateStore/recordInbound(_:)``.
    func recordInbound(_ message: NewInboundMessage) throws(StoreError) -> InboundRecord?

    /// The conversation's oldest message not processed yet, if any.
    func firstUnprocessedInbound(in conversation: Conversation) throws(StoreError) -> InboundRecord?

    /// Whether the conversation has a message older than message `id` not processed yet:
    /// the common case, none, lets the runner process a message it just stored at once.
    func hasUnprocessedInbound(in conversation: Conversation, before id: Int64) throws(StoreError) -> Bool

    /// The id and sequence of the conversation's active execution, if any: enough to tell
    /// whether a copy held in memory is still current without reading its state.
    func activeExecutionStamp(in conversation: Conversation) throws(StoreError) -> ExecutionStamp?

    /// The execution with this id, active or ended.
    func execution(id: Int64) throws(StoreError) -> ExecutionRecord?

    /// The contact with this number, if it ever wrote (or was handed off).
    func contact(phone: String) throws(StoreError) -> ContactRecord?

    /// Writes one step; see ``FlowStateStore/commit(_:)`` for what it refuses.
    ///
    /// - Throws: what ``FlowStateStore/commit(_:)`` throws; the transaction then writes nothing.
    @discardableResult
    func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult]
}

/// Which execution, at which step: an execution whose stamp has not changed has not moved.
public struct ExecutionStamp: Sendable, Hashable {
    /// The execution's id.
    public var id: Int64
    /// How many steps were committed.
    public var sequence: Int64

    /// Creates a stamp.
    public init(id: Int64, sequence: Int64) {
        self.id = id
        self.sequence = sequence
    }
}

extension FlowStateStore {
    /// The store's own methods as a ``FlowTransaction``: each call is a transaction of its
    /// own, so a step that fails leaves the steps before it written. The runner's way of
    /// doing again, one step at a time, the work of a transaction that failed.
    public var stepwise: some FlowTransaction { StepwiseTransaction(store: self) }
}

/// A ``FlowTransaction`` whose every call is a transaction of the store's own.
private struct StepwiseTransaction<Store: FlowStateStore>: FlowTransaction {
    let store: Store

    func recordInbound(_ message: NewInboundMessage) throws(StoreError) -> InboundRecord? {
        try store.recordInbound(message)
    }

    func firstUnprocessedInbound(in conversation: Conversation) throws(StoreError) -> InboundRecord? {
        try store.unprocessedInbound(in: conversation).first
    }

    func hasUnprocessedInbound(in conversation: Conversation, before id: Int64) throws(StoreError) -> Bool {
        try store.unprocessedInbound(in: conversation).contains { $0.id < id }
    }

    func activeExecutionStamp(in conversation: Conversation) throws(StoreError) -> ExecutionStamp? {
        try store.activeExecution(in: conversation).map { ExecutionStamp(id: $0.id, sequence: $0.sequence) }
    }

    func execution(id: Int64) throws(StoreError) -> ExecutionRecord? {
        try store.execution(id: id)
    }

    func contact(phone: String) throws(StoreError) -> ContactRecord? {
        try store.contact(phone: phone)
    }

    func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult] {
        try store.commit(commit)
    }
}
