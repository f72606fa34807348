import Flows
import Foundation
import Store
import Templates

extension FlowRunner {
    /// A stored execution, ready to step or not.
    enum LoadedExecution {
        /// Its state and the program version it is pinned to.
        case ready(ExecutionState, Program)
        /// It cannot run: `reason` is recorded as it ends, `explanation` in the event.
        case unavailable(reason: String, explanation: String)
    }

    /// The active execution of `conversation`, which the store stamps `stamp`, with its
    /// state and program.
    ///
    /// When this runner wrote the execution's current step, the state comes from
    /// ``ExecutionCache``; otherwise the record is read and decoded.
    func activeExecution(
        _ stamp: ExecutionStamp, in conversation: Conversation, _ transaction: any FlowTransaction
    ) throws(RuntimeError) -> (record: ExecutionRecord, loaded: LoadedExecution)? {
        if let state = executions.state(id: stamp.id, sequence: stamp.sequence, in: conversation),
            let program = routing.catalog.program(flow: state.flow, version: state.version)
        {
            // The state is not copied into the record: with the program at hand, this
            // execution is ready, and only an execution that is not is ever retired with its stored state.
            let record = ExecutionRecord(
                id: stamp.id, flow: state.flow, version: state.version, sender: conversation.sender, contact: conversation.contact,
                status: .active, state: Data(), sequence: stamp.sequence, startedAt: state.startedAt, updatedAt: state.updatedAt)
            return (record, .ready(state, program))
        }
        guard let record = try storing({ () throws(StoreError) in try transaction.execution(id: stamp.id) }), record.status == .active else {
            return nil
        }
        return (record, try load(record))
    }

    /// Reads an execution's state and its pinned program, from memory or the store.
    ///
    /// An unreadable state or a missing program does not throw: such an execution can
    /// never run again, so the caller ends it (``StepBatch/retire(_:reason:because:)``)
    /// instead of blocking its conversation for ever. Store failures throw.
    func load(_ record: ExecutionRecord) throws(RuntimeError) -> LoadedExecution {
        let state: ExecutionState
        if let cached = executions.state(id: record.id, sequence: record.sequence, in: record.conversation) {
            state = cached
        } else {
            do {
                state = try StepBatch.decoder.decode(ExecutionState.self, from: record.state)
            } catch {
                return .unavailable(reason: "state-unreadable", explanation: "its stored state cannot be read: \(error)")
            }
        }
        if let program = routing.catalog.program(flow: record.flow, version: record.version) { return .ready(state, program) }
        guard let stored = try storing({ () throws(StoreError) in try store.flowVersion(flow: record.flow, version: record.version) }) else {
            return .unavailable(reason: "program-unavailable", explanation: "version \(record.version) of flow \(record.flow) is not stored")
        }
        do {
            let program = try StoredProgram.decode(stored.program, flow: record.flow, version: record.version)
            routing.catalog.remember(program)
            publishRouting()
            return .ready(state, program)
        } catch {
            return .unavailable(reason: "program-unavailable", explanation: error.message)
        }
    }

    /// Ends an execution from outside (its flow was removed or disabled) with `reason`.
    func end(_ record: ExecutionRecord, reason: String, batch: inout StepBatch) throws(RuntimeError) {
        switch try load(record) {
        case .ready(let state, let program):
            let result = Interpreter(program: program).end(state, reason: .cancelled, now: batch.now)
            guard result.ignored == nil else {
                batch.retire(record, reason: reason, because: "its state had already ended")
                return
            }
            try batch.add(
                result, of: program, target: .existing(id: record.id, sequence: record.sequence), in: record.conversation, endedReason: reason)
        case .unavailable(_, let explanation):
            batch.retire(record, reason: reason, because: explanation)
        }
    }
}
