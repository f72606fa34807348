import Flows
import Foundation
import Store

extension FlowRunner {
    /// Makes the HTTP calls of committed steps, concurrently, feeding each result back as
    /// the execution's next step (which may ask for another call).
    func perform(_ calls: [PendingCall]) async throws(RuntimeError) {
        let calls = calls.filter { callsInFlight.insert($0.executionID).inserted }
        guard !calls.isEmpty else { return }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for call in calls {
                    group.addTask { try await self.make(call) }
                }
                try await group.waitForAll()
            }
        } catch let error as RuntimeError {
            throw error
        } catch {
            throw RuntimeError(.store, "An HTTP node's call failed unexpectedly: \(error).", underlying: nil)
        }
    }

    /// Makes one call and feeds its result back.
    ///
    /// The result's step joins the next group commit (``admit(_:)``), with the messages and
    /// results that arrive meanwhile: one commit for all of them instead of one each.
    private func make(_ call: PendingCall) async throws(RuntimeError) {
        let outcome = await caller.perform(call.request)
        callsInFlight.remove(call.executionID)
        guard case .completed(let result, let note, let attempts) = outcome else { return }
        let handled = try await admit(.httpResult(call, result, note: note, attempts: attempts)).get()
        try await perform(handled.calls)
    }

    /// Feeds an HTTP result to the execution that waits for it, as a step of `transaction`,
    /// then processes the conversation's waiting messages.
    func complete(
        _ call: PendingCall, with result: HTTPResult, note: String?, attempts: Int, in transaction: any FlowTransaction
    ) throws(RuntimeError) -> [PendingCall] {
        var batch = StepBatch(at: now())
        guard let record = try storing({ () throws(StoreError) in try transaction.execution(id: call.executionID) }),
            record.status == .active
        else { return [] }
        switch try load(record) {
        case .ready(let state, let program):
            let step = Interpreter(program: program).step(state, on: .httpResult(result), now: batch.now)
            // A stale result (the execution moved on while the call ran) changes nothing.
            guard step.ignored == nil else { return [] }
            if let note {
                let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
                batch.event(
                    "flow.http-failed", "Flow/\(record.flow)",
                    "the \(call.request.method) call of \(record.conversation) got no usable response after \(tries): \(note)")
            }
            try routing.add(step, of: record, program: program, batch: &batch)
        case .unavailable(let reason, let explanation):
            batch.retire(record, reason: reason, because: explanation)
        }
        let results = try commit(batch, in: transaction)
        return calls(of: batch, results: results, in: record.conversation) + (try drain(record.conversation, in: transaction).calls)
    }

    /// Picks up after a restart: makes again every HTTP call an execution still waits for
    /// (HTTP calls are at-least-once), and processes the messages stored but not processed
    /// before the process stopped. Call it once, after ``deploy(_:senders:)``.
    @discardableResult
    public func recover() async throws(RuntimeError) -> RecoveryReport {
        var calls: [PendingCall] = []
        for pending in try storing({ () throws(StoreError) in try store.pendingHTTPCalls() }) {
            guard let record = try storing({ () throws(StoreError) in try store.execution(id: pending.executionID) }), record.status == .active
            else { continue }
            guard let request = try? JSONDecoder().decode(FlowHTTPRequest.self, from: pending.request) else {
                try inTransaction { transaction throws(RuntimeError) in
                    var batch = StepBatch(at: now())
                    batch.retire(record, reason: "http-call-unreadable", because: "the stored request of its HTTP call cannot be read")
                    try commit(batch, in: transaction)
                }
                continue
            }
            calls.append(PendingCall(executionID: record.id, request: request, conversation: record.conversation))
        }
        let reissued = calls.count
        var processed = 0
        for conversation in try storing({ () throws(StoreError) in try store.conversationsWithUnprocessedInbound() }) {
            let (dispositions, more) = try inTransaction { transaction throws(RuntimeError) in try drain(conversation, in: transaction) }
            processed += dispositions.count
            calls += more
        }
        try await perform(calls)
        return RecoveryReport(reissuedCalls: reissued, processedMessages: processed)
    }
}
