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

    /// Reads an execution's state and its pinned program, from memory or the store.
    ///
    /// An unreadable state or a missing program does not throw: such an execution can
    /// never run again, so the caller ends it (``StepBatch/retire(_:reason:because:)``)
    /// instead of blocking its conversation for ever. Store failures throw.
    func load(_ record: ExecutionRecord) throws(RuntimeError) -> LoadedExecution {
        let state: ExecutionState
        do {
            state = try JSONDecoder().decode(ExecutionState.self, from: record.state)
        } catch {
            return .unavailable(reason: "state-unreadable", explanation: "its stored state cannot be read: \(error)")
        }
        if let program = catalog.program(flow: record.flow, version: record.version) { return .ready(state, program) }
        guard let stored = try storing({ () throws(StoreError) in try store.flowVersion(flow: record.flow, version: record.version) }) else {
            return .unavailable(reason: "program-unavailable", explanation: "version \(record.version) of flow \(record.flow) is not stored")
        }
        do {
            let program = try StoredProgram.decode(stored.program, flow: record.flow, version: record.version)
            catalog.remember(program)
            return .ready(state, program)
        } catch {
            return .unavailable(reason: "program-unavailable", explanation: error.message)
        }
    }

    /// Starts `program` in `conversation` and follows any `goto` it ends with.
    ///
    /// - Returns: the index of the new execution's write in `batch`.
    @discardableResult
    func start(
        _ program: Program, in conversation: Conversation, contact: ContactVariables, sender: SenderVariables?, message: IncomingMessage?,
        variables: [String: TemplateValue] = [:], gotos: Int = 0, batch: inout StepBatch
    ) throws(RuntimeError) -> Int {
        let result = Interpreter(program: program).start(contact: contact, sender: sender, message: message, variables: variables, now: batch.now)
        let write = batch.commit.executions.count
        try batch.add(
            result, of: program, target: .new(flow: program.name, version: program.version, conversation: conversation), in: conversation)
        try followGoto(after: result, in: conversation, gotos: gotos, batch: &batch)
        return write
    }

    /// Adds the step `result` of an existing execution, then follows its `goto`, if any.
    func add(
        _ result: StepResult, of record: ExecutionRecord, program: Program, endedReason: String? = nil, batch: inout StepBatch
    ) throws(RuntimeError) {
        try batch.add(
            result, of: program, target: .existing(id: record.id, sequence: record.sequence), in: record.conversation,
            endedReason: endedReason)
        try followGoto(after: result, in: record.conversation, gotos: 0, batch: &batch)
    }

    /// Starts the newest version of the flow a `goto` names, with the same contact, sender
    /// and variables. A flow that is gone or inactive starts nothing and leaves an event.
    private func followGoto(after result: StepResult, in conversation: Conversation, gotos: Int, batch: inout StepBatch) throws(RuntimeError) {
        let target = result.effects.lazy.compactMap { effect -> String? in
            if case .goto(let flow) = effect { flow } else { nil }
        }.last
        guard let target else { return }
        let resource = "Flow/\(result.state.flow)"
        guard gotos < Self.maximumGotosPerEvent else {
            batch.event(
                "flow.goto-limit", resource,
                "\(conversation) went through \(gotos) goto nodes in one event; flow \(target) was not started")
            return
        }
        guard let program = catalog.newest[target], program.isActive else {
            batch.event("flow.goto-unavailable", resource, "\(conversation) was sent to flow \(target), which is not deployed or not active")
            return
        }
        try start(
            program, in: conversation, contact: result.state.contact, sender: result.state.sender, message: nil, variables: result.state.vars,
            gotos: gotos + 1, batch: &batch)
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
