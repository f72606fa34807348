import Flows
import Foundation
import Store

extension FlowRunner {
    /// Fires every timer due at `now`, earliest first, each a step of its own (a batch of
    /// them shares one transaction).
    ///
    /// A timer the execution no longer waits for (cancelled by a reply, superseded by a
    /// newer one, or its execution ended) is deleted without effect. After a timer's step
    /// the conversation's waiting messages are processed, and HTTP calls the steps ask for
    /// are made before this returns. Timers are rows, so a restart loses none: the first
    /// call after it fires whatever fell due meanwhile.
    ///
    /// - Returns: how many timers were due (stale ones included).
    @discardableResult
    public func fireDueTimers(now: Date) async throws(RuntimeError) -> Int {
        var fired = 0
        var calls: [PendingCall] = []
        while true {
            let due = try storing { () throws(StoreError) in try store.dueTimers(until: now, limit: Self.timerBatchSize) }
            // One transaction for the batch; each timer is a step of its own, and a failing
            // one stops the batch after what was fired before it is committed.
            calls += try inTransaction { transaction throws(RuntimeError) in
                var calls: [PendingCall] = []
                for timer in due {
                    calls += try fire(timer, at: now, in: transaction)
                }
                return calls
            }
            fired += due.count
            if due.count < Self.timerBatchSize { break }
        }
        try await perform(calls)
        return fired
    }

    /// Feeds one timer to its execution.
    private func fire(_ timer: TimerRecord, at now: Date, in transaction: any FlowTransaction) throws(RuntimeError) -> [PendingCall] {
        var batch = StepBatch(at: now)
        batch.fire(timer)
        guard let record = try storing({ () throws(StoreError) in try transaction.execution(id: timer.executionID) }), record.status == .active
        else {
            try commit(batch, in: transaction)
            return []
        }
        switch try load(record) {
        case .ready(let state, let program):
            let result = Interpreter(program: program).step(state, on: .timerFired(id: timer.ticket), now: now)
            if result.ignored == nil { try routing.add(result, of: record, program: program, batch: &batch) }
        case .unavailable(let reason, let explanation):
            batch.retire(record, reason: reason, because: explanation)
        }
        let results = try commit(batch, in: transaction)
        let calls = calls(of: batch, results: results, in: record.conversation)
        return calls + (try drain(record.conversation, in: transaction).calls)
    }
}
