import Flows
import Foundation
import Store

/// A message's step computed ahead by the caller of ``FlowRunner/handle(_:)``, on the
/// caller's thread, from what the runner last committed: trigger matching, the interpreter
/// step and the JSON encoding of its writes happen there, while the runner's thread is
/// busy with the store.
///
/// It is a guess, checked in the transaction that stores the message: it is used only when
/// the message has no older one waiting, the contact is not handed to a person, the store
/// holds the conversation's active execution at the same id and sequence the step was
/// computed from (or none, as assumed), no deployment happened since, and a started
/// execution got the contact's stored name. Otherwise the runner computes the step itself,
/// as it would have anyway; nothing of a discarded guess is written.
struct Speculation: Sendable {
    /// The conversation's active execution it was computed over; nil for none.
    var stamp: ExecutionStamp?
    /// The contact name a started execution was given.
    var contactName: String?
    /// The ``FlowRouting/generation`` it was computed under.
    var generation: Int
    /// The step's writes, without the inbound message's mark (its id is not known yet).
    var batch: StepBatch
    /// What became of the message.
    var pending: PendingDisposition

    /// Whether the step is the one the runner would compute now.
    func holds(stamp current: ExecutionStamp?, contactName name: String?, generation currentGeneration: Int) -> Bool {
        guard current == stamp, currentGeneration == generation else { return false }
        // Only a start gives the execution the contact's name; a resumed one has its own.
        if case .started = pending { return name == contactName }
        return true
    }
}

extension FlowRunner {
    /// The step of a message with `body` in `conversation`, computed ahead from the state
    /// this runner last committed (see ``Speculation``); nil when it cannot be (the
    /// execution waits for a timer or a call, its program is not at hand, a step fails).
    nonisolated func speculate(_ body: StoredInboundBody, in conversation: Conversation) -> Speculation? {
        let routing = publishedRouting.withLock { $0 }
        let known = executions.committedExecution(in: conversation)
        var active: ActiveExecution?
        if let known {
            let state = known.state
            guard state.status != .waitingForTimer, state.status != .waitingForHTTP,
                let program = routing.catalog.program(flow: state.flow, version: state.version)
            else { return nil }
            let record = ExecutionRecord(
                id: known.stamp.id, flow: state.flow, version: state.version, sender: conversation.sender, contact: conversation.contact,
                status: .active, state: Data(), sequence: known.stamp.sequence, startedAt: state.startedAt, updatedAt: state.updatedAt)
            active = ActiveExecution(record: record, state: state, program: program)
        }
        let message = IncomingMessage(
            text: body.text, replyID: body.replyID, sender: conversation.sender, contactPhone: conversation.contact, profileName: body.profileName)
        var batch = StepBatch(at: now())
        let contact = ContactVariables(phone: conversation.contact, name: body.profileName)
        guard let pending = try? routing.route(message, to: active, in: conversation, contact: contact, batch: &batch) else { return nil }
        return Speculation(stamp: known?.stamp, contactName: body.profileName, generation: routing.generation, batch: batch, pending: pending)
    }
}
