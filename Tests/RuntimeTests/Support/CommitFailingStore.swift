import Foundation
import Store
import Synchronization

/// A store that behaves like the one it wraps, except that chosen commits "crash": the
/// process dies right after the transaction committed, before the runner hears back.
/// Commits are counted in order, a step committed on its own and a whole transaction
/// (``transaction(_:)``) alike.
final class CommitFailingStore: FlowStateStore {
    private let base: any FlowStateStore
    private let failing = Mutex<Set<Int>>([])
    private let commits = Mutex(0)

    init(_ base: any FlowStateStore, failingAfterCommits numbers: Set<Int>) {
        self.base = base
        failing.withLock { $0 = numbers }
    }

    func commit(_ commit: FlowCommit) throws(StoreError) -> [ExecutionWriteResult] {
        let results = try base.commit(commit)
        try crashIfChosen()
        return results
    }

    /// A transaction of several steps is one commit: it lands whole, then the "crash".
    func transaction<Value>(_ body: (any FlowTransaction) throws(StoreError) -> Value) throws(StoreError) -> Value {
        let value = try base.transaction(body)
        try crashIfChosen()
        return value
    }

    private func crashIfChosen() throws(StoreError) {
        let number = commits.withLock { count in
            count += 1
            return count
        }
        if failing.withLock({ $0.contains(number) }) {
            throw StoreError(.database, "injected crash after commit \(number)", isTransient: false)
        }
    }

    func saveFlowVersions(_ versions: [FlowVersionRecord]) throws(StoreError) { try base.saveFlowVersions(versions) }
    func flowVersion(flow: String, version: String) throws(StoreError) -> FlowVersionRecord? {
        try base.flowVersion(flow: flow, version: version)
    }
    func execution(id: Int64) throws(StoreError) -> ExecutionRecord? { try base.execution(id: id) }
    func activeExecution(in conversation: Conversation) throws(StoreError) -> ExecutionRecord? {
        try base.activeExecution(in: conversation)
    }
    func activeExecutions(flow: String) throws(StoreError) -> [ExecutionRecord] { try base.activeExecutions(flow: flow) }
    func flowsWithActiveExecutions() throws(StoreError) -> Set<String> { try base.flowsWithActiveExecutions() }
    func recordInbound(_ message: NewInboundMessage) throws(StoreError) -> InboundRecord? { try base.recordInbound(message) }
    func unprocessedInbound(in conversation: Conversation) throws(StoreError) -> [InboundRecord] {
        try base.unprocessedInbound(in: conversation)
    }
    func conversationsWithUnprocessedInbound() throws(StoreError) -> [Conversation] { try base.conversationsWithUnprocessedInbound() }
    func contact(phone: String) throws(StoreError) -> ContactRecord? { try base.contact(phone: phone) }
    func dueTimers(until date: Date, limit: Int) throws(StoreError) -> [TimerRecord] { try base.dueTimers(until: date, limit: limit) }
    func nextTimerDate() throws(StoreError) -> Date? { try base.nextTimerDate() }
    func pendingHTTPCalls() throws(StoreError) -> [PendingHTTPCallRecord] { try base.pendingHTTPCalls() }
    func flowCounters(flow: String) throws(StoreError) -> [FlowCounter] { try base.flowCounters(flow: flow) }
}
