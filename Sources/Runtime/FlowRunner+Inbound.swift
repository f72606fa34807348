import Flows
import Foundation
import Store

extension FlowRunner {
    /// Takes in a message from a contact.
    ///
    /// The message is stored first; a provider id seen before returns ``InboundDisposition/duplicate``
    /// and does nothing. Then the conversation's waiting messages are processed in arrival
    /// order, each in its own transaction, until none is left or the execution pauses in a
    /// `delay` or an HTTP call (the rest wait in the inbox). A message goes, in this order
    /// of precedence, to the contact's waiting execution (unless a trigger keyword
    /// interrupts an interruptible one), to the flow a trigger keyword starts, to the
    /// sender's catch-all flow, or nowhere (``InboundDisposition/noMatch``). A contact
    /// handed to a person gets no automation until the handoff expires. HTTP calls the
    /// steps ask for are made before this returns.
    ///
    /// - Returns: what became of this message (``InboundDisposition/queued`` while it waits).
    /// - Throws: ``RuntimeError`` when the store fails; what was committed stays, the rest
    ///   is processed by the next ``handle(_:)`` of the conversation or by ``recover()``.
    @discardableResult
    public func handle(_ message: ReceivedMessage) async throws(RuntimeError) -> InboundDisposition {
        let conversation = Conversation(sender: message.sender, contact: message.contactPhone)
        let body = StoredInboundBody(text: message.text, replyID: message.replyID, profileName: message.profileName)
        let stored = NewInboundMessage(
            providerMessageID: message.providerMessageID, conversation: conversation, profileName: message.profileName,
            body: try StepBatch.encode(body, "message \(message.providerMessageID)"), receivedAt: message.receivedAt)
        guard let record = try storing({ () throws(StoreError) in try store.recordInbound(stored) }) else { return .duplicate }
        let (dispositions, calls) = try drain(conversation)
        try await perform(calls)
        return dispositions[record.id] ?? .queued
    }

    /// Processes the conversation's waiting messages in arrival order until none is left or
    /// its execution pauses in a `delay` or an HTTP call.
    func drain(_ conversation: Conversation) throws(RuntimeError) -> (dispositions: [Int64: InboundDisposition], calls: [PendingCall]) {
        var dispositions: [Int64: InboundDisposition] = [:]
        var calls: [PendingCall] = []
        while let next = try storing({ () throws(StoreError) in try store.unprocessedInbound(in: conversation) }).first {
            guard let (disposition, newCalls) = try process(next, in: conversation) else { break }
            dispositions[next.id] = disposition
            calls += newCalls
        }
        return (dispositions, calls)
    }

    /// Processes one stored message in one transaction; nil when it must wait because the
    /// conversation's execution is in a `delay` or an HTTP call.
    private func process(_ inbound: InboundRecord, in conversation: Conversation) throws(RuntimeError) -> (
        InboundDisposition, [PendingCall]
    )? {
        var batch = StepBatch(at: now())
        guard let body = try? JSONDecoder().decode(StoredInboundBody.self, from: inbound.body) else {
            batch.process(inbound, outcome: "unreadable")
            batch.event("flow.unreadable-message", nil, "message \(inbound.providerMessageID) of \(conversation) cannot be read; skipped")
            try commit(batch)
            return (.noMatch, [])
        }
        let message = IncomingMessage(
            text: body.text, replyID: body.replyID, sender: conversation.sender, contactPhone: conversation.contact, profileName: body.profileName)
        let contact = try storing { () throws(StoreError) in try store.contact(phone: conversation.contact) }
        if let contact, contact.isHandedOff(at: batch.now), let until = contact.handoffUntil {
            batch.process(inbound, outcome: InboundDisposition.handedOff(until: until).outcome)
            batch.event("flow.handoff-active", nil, "\(conversation) wrote while handed to a person (until \(until)); no automation ran")
            try commit(batch)
            return (.handedOff(until: until), [])
        }
        var active: ActiveExecution?
        if let record = try storing({ () throws(StoreError) in try store.activeExecution(in: conversation) }) {
            switch try load(record) {
            case .ready(let state, let program):
                if state.status == .waitingForTimer || state.status == .waitingForHTTP { return nil }
                active = ActiveExecution(record: record, state: state, program: program)
            case .unavailable(let reason, let explanation):
                batch.retire(record, reason: reason, because: explanation)
            }
        }
        let contactVariables = ContactVariables(phone: conversation.contact, name: contact?.name ?? body.profileName)
        let pending = try route(message, to: active, in: conversation, contact: contactVariables, batch: &batch)
        batch.process(inbound, outcome: pending.outcome)
        let results = try commit(batch)
        return (pending.resolved(with: results), calls(of: batch, results: results, in: conversation))
    }

    /// Adds what `message` does to `batch`, by ``TriggerIndex/route(_:active:)``: resume
    /// the active execution, start a flow (ending an interrupted execution first), start
    /// the catch-all flow, or nothing.
    private func route(
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
}

/// A conversation's execution that can take a message now.
private struct ActiveExecution {
    var record: ExecutionRecord
    var state: ExecutionState
    var program: Program
}

/// A disposition whose execution id is known only once the batch is committed.
private enum PendingDisposition {
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
