import Flows
import Foundation
import Store

extension FlowRunner {
    /// Fires every timer due at `now`, earliest first, each in its own transaction.
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
            for timer in due {
                calls += try fire(timer, at: now)
            }
            fired += due.count
            if due.count < Self.timerBatchSize { break }
        }
        try await perform(calls)
        return fired
    }

    /// Feeds one timer to its execution.
    private func fire(_ timer: TimerRecord, at now: Date) throws(RuntimeError) -> [PendingCall] {
        var batch = StepBatch(at: now)
        batch.fire(timer)
        guard let record = try storing({ () throws(StoreError) in try store.execution(id: timer.executionID) }), record.status == .active
        else {
            try commit(batch)
            return []
        }
        switch try load(record) {
        case .ready(let state, let program):
            let result = Interpreter(program: program).step(state, on: .timerFired(id: timer.ticket), now: now)
            if result.ignored == nil { try add(result, of: record, program: program, batch: &batch) }
        case .unavailable(let reason, let explanation):
            batch.retire(record, reason: reason, because: explanation)
        }
        let results = try commit(batch)
        let calls = calls(of: batch, results: results, in: record.conversation)
        return calls + (try drain(record.conversation).calls)
    }
}
