import Flows
import Foundation
import Store
import Templates

/// What an inbound message or an execution's event does, as a ``StepBatch``: trigger
/// matching and interpreter steps over the deployed programs. Pure, so the runner can
/// compute a step on its own thread inside a transaction, or ahead of it on the caller's
/// (``Speculation``).
struct FlowRouting: Sendable {
    /// The deployed programs and the versions executions are pinned to.
    var catalog = ProgramCatalog()
    /// Sender phone numbers by sender name, for the `sender` namespace.
    var senderPhones: [String: String] = [:]
    /// Moves at every deployment: a step computed under another generation may route differently.
    var generation = 0

    /// Adds what `message` does to `batch`, by ``TriggerIndex/route(_:active:)``: resume
    /// the active execution, start a flow (ending an interrupted execution first), start
    /// the catch-all flow, or nothing.
    func route(
        _ message: IncomingMessage, to active: ActiveExecution?, in conversation: Conversation, contact: ContactVariables,
        batch: inout StepBatch
    ) throws(RuntimeError) -> PendingDisposition {
        let sender = SenderVariables(name: conversation.sender, phone: senderPhones[conversation.sender])
        switch catalog.index.route(message, active: active?.state) {
        case .resume:
            guard let active else { return .final(.noMatch) }
            let result = Interpreter(program: active.program).step(active.state, on: .inbound(message), now: batch.now)
            if let ignored = result.ignored { return .final(.ignored(executionID: active.record.id, reason: ignored)) }
            try add(result, of: active.record, program: active.program, batch: &batch)
            return .final(.resumed(flow: active.record.flow, executionID: active.record.id))
        case .start(let match, let interrupting):
            guard let program = catalog.program(flow: match.flow, version: match.version) else { return .final(.noMatch) }
            var interrupted: Int64?
            if interrupting, let active {
                let result = Interpreter(program: active.program).end(active.state, reason: .interrupted, now: batch.now)
                try add(result, of: active.record, program: active.program, batch: &batch)
                interrupted = active.record.id
            }
            let write = try start(program, in: conversation, contact: contact, sender: sender, message: message, batch: &batch)
            return .started(flow: program.name, write: write, trigger: .keyword(match.keyword, interrupted: interrupted))
        case .catchAll(let flow, let version):
            guard let program = catalog.program(flow: flow, version: version) else { return .final(.noMatch) }
            let write = try start(program, in: conversation, contact: contact, sender: sender, message: message, batch: &batch)
            return .started(flow: program.name, write: write, trigger: .catchAll)
        case .noMatch:
            return .final(.noMatch)
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
        guard gotos < FlowRunner.maximumGotosPerEvent else {
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
}

/// A conversation's execution that can take a message now.
struct ActiveExecution: Sendable {
    var record: ExecutionRecord
    var state: ExecutionState
    var program: Program
}

/// A disposition whose execution id is known only once the batch is committed.
enum PendingDisposition: Sendable {
    case final(InboundDisposition)
    case started(flow: String, write: Int, trigger: StartTrigger)

    var outcome: String {
        switch self {
        case .final(let disposition): disposition.outcome
        case .started(let flow, _, let trigger): InboundDisposition.started(flow: flow, executionID: 0, trigger: trigger).outcome
        }
    }

    func resolved(with results: [ExecutionWriteResult]) -> InboundDisposition {
        switch self {
        case .final(let disposition):
            return disposition
        case .started(let flow, let write, let trigger):
            let id = results.indices.contains(write) ? results[write].id : 0
            return .started(flow: flow, executionID: id, trigger: trigger)
        }
    }
}
