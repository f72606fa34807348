import Foundation
import Store

/// What became of an intake entry once its group is committed.
struct HandledInbound: Sendable {
    /// What became of the message; nil for an HTTP result.
    var disposition: InboundDisposition?
    /// HTTP calls its steps ask for, made by the entry's caller after the commit.
    var calls: [PendingCall]
}

extension FlowRunner {
    /// The most messages one transaction takes; more wait for the next.
    static let maximumGroupSize = 256

    /// Does `work` in a group commit with the work that arrives with it (see
    /// ``InboundIntake``): all of a group's messages and HTTP results, in arrival order, in
    /// one transaction.
    ///
    /// Work whose steps fail does not sink its group: the group's transaction is rolled
    /// back and its entries are done again one by one, so only the failing entry's caller
    /// gets an error. When the transaction itself fails (it cannot start or commit), every
    /// caller of the group gets that error.
    nonisolated func admit(_ work: InboundIntake.Work) async -> Result<HandledInbound, RuntimeError> {
        var id: UInt64 = 0
        let turn = await withCheckedContinuation { waiter in
            id = intake.add(work, waiter: waiter)
        }
        switch turn {
        case .done(let outcome): return outcome
        case .lead: return await lead(until: id)
        }
    }

    /// Processes groups until message `own` is done, resuming the other callers; then hands
    /// the charge over. Returns the outcome of `own`.
    private func lead(until own: UInt64) -> Result<HandledInbound, RuntimeError> {
        while true {
            let group = intake.takeGroup(limit: Self.maximumGroupSize)
            guard !group.isEmpty else { preconditionFailure("the leader's own message left the intake unprocessed") }
            var outcome: Result<HandledInbound, RuntimeError>?
            for (entry, result) in zip(group, process(group)) {
                if entry.id == own {
                    outcome = result
                } else {
                    entry.waiter?.resume(returning: .done(result))
                }
            }
            if let outcome {
                intake.handOver()
                return outcome
            }
        }
    }

    /// Does the work of `entries`, in order, in one transaction. When one of them fails,
    /// that transaction is rolled back and each entry is done again on its own, one step per
    /// transaction: the others land, and the failing one reports its error.
    private func process(_ entries: [InboundIntake.Entry]) -> [Result<HandledInbound, RuntimeError>] {
        do {
            let handled = try attemptTransaction { transaction throws(RuntimeError) in
                try entries.map { entry throws(RuntimeError) in try apply(entry.work, in: transaction) }
            }
            if let handled { return handled.map { .success($0) } }
        } catch {
            return entries.map { _ in .failure(error) }
        }
        return entries.map { entry in
            Result { () throws(RuntimeError) in
                try stepwise { transaction throws(RuntimeError) in try apply(entry.work, in: transaction) }
            }
        }
    }

    private func apply(_ work: InboundIntake.Work, in transaction: any FlowTransaction) throws(RuntimeError) -> HandledInbound {
        switch work {
        case .message(let message, let body, let speculation):
            return try receive(message, body: body, speculation: speculation, in: transaction)
        case .httpResult(let call, let result, let note, let attempts):
            return HandledInbound(disposition: nil, calls: try complete(call, with: result, note: note, attempts: attempts, in: transaction))
        }
    }
}
