import Flows
import Foundation
import Store

extension FlowRunner {
    /// Takes in a message from a contact.
    ///
    /// The message is stored first; a provider id seen before returns ``InboundDisposition/duplicate``
    /// and does nothing. Then the conversation's waiting messages are processed in arrival
    /// order, each a step of its own, until none is left or the execution pauses in a
    /// `delay` or an HTTP call (the rest wait in the inbox). A message goes, in this order
    /// of precedence, to the contact's waiting execution (unless a trigger keyword
    /// interrupts an interruptible one), to the flow a trigger keyword starts, to the
    /// sender's catch-all flow, or nowhere (``InboundDisposition/noMatch``). A contact
    /// handed to a person gets no automation until the handoff expires. HTTP calls the
    /// steps ask for are made before this returns, or after it when `awaitingCalls` is
    /// false (a webhook answers once the message is stored; the calls are durable, and
    /// ``recover()`` makes any that a stop cut off).
    ///
    /// Messages that arrive together are stored and processed together, in their order of
    /// arrival, in one store transaction (a group commit; see ``InboundIntake``). Each
    /// message's steps still land whole or not at all, and one message's failure does not
    /// undo the others'.
    ///
    /// - Returns: what became of this message (``InboundDisposition/queued`` while it waits).
    /// - Throws: ``RuntimeError`` when the store fails; what was committed stays, the rest
    ///   is processed by the next ``handle(_:)`` of the conversation or by ``recover()``.
    @discardableResult
    public nonisolated func handle(
        _ message: ReceivedMessage, awaitingCalls: Bool = true, afterCalls: @escaping @Sendable (RuntimeError?) -> Void = { _ in }
    ) async throws(RuntimeError) -> InboundDisposition {
        // Encoding the body and computing the step ahead are the caller's work, off the runner's thread.
        let conversation = Conversation(sender: message.sender, contact: message.contactPhone)
        let body = StoredInboundBody(text: message.text, replyID: message.replyID, profileName: message.profileName)
        let stored = NewInboundMessage(
            providerMessageID: message.providerMessageID, conversation: conversation, profileName: message.profileName,
            body: try StepBatch.encode(body, "message \(message.providerMessageID)"), receivedAt: message.receivedAt)
        let speculation = speculate(body, in: conversation)
        let handled = try await admit(.message(stored, body: body, speculation: speculation)).get()
        // Most messages ask for no call: no second trip to the runner's thread for them.
        if !handled.calls.isEmpty {
            if awaitingCalls {
                try await perform(handled.calls)
            } else {
                Task {
                    do throws(RuntimeError) {
                        try await perform(handled.calls)
                        afterCalls(nil)
                    } catch {
                        afterCalls(error)
                    }
                }
            }
        }
        // A message's entry always has a disposition; only HTTP results have none.
        return handled.disposition ?? .queued
    }

    /// Stores `message` (whose body is `body`) and processes its conversation's waiting
    /// messages, up to it, as steps of `transaction`; `speculation` is its step computed
    /// ahead, if any.
    func receive(
        _ message: NewInboundMessage, body: StoredInboundBody, speculation: Speculation? = nil, in transaction: any FlowTransaction
    ) throws(RuntimeError) -> HandledInbound {
        guard let record = try storing({ () throws(StoreError) in try transaction.recordInbound(message) }) else {
            return HandledInbound(disposition: .duplicate, calls: [])
        }
        let conversation = record.conversation
        let backlog = try storing { () throws(StoreError) in try transaction.hasUnprocessedInbound(in: conversation, before: record.id) }
        guard backlog else {
            // The common case: nothing waits before it, so it is processed as it is, without reading it back.
            guard let (disposition, calls) = try process(record, body: body, speculation: speculation, in: conversation, transaction) else {
                return HandledInbound(disposition: .queued, calls: [])
            }
            return HandledInbound(disposition: disposition, calls: calls)
        }
        let (dispositions, calls) = try drain(conversation, in: transaction, through: record.id)
        return HandledInbound(disposition: dispositions[record.id] ?? .queued, calls: calls)
    }

    /// Processes the conversation's waiting messages in arrival order until none is left,
    /// its execution pauses in a `delay` or an HTTP call, or message `last` is processed
    /// (nothing can have arrived after it in the transaction that stored it).
    func drain(_ conversation: Conversation, in transaction: any FlowTransaction, through last: Int64? = nil) throws(RuntimeError) -> (
        dispositions: [Int64: InboundDisposition], calls: [PendingCall]
    ) {
        var dispositions: [Int64: InboundDisposition] = [:]
        var calls: [PendingCall] = []
        while let next = try storing({ () throws(StoreError) in try transaction.firstUnprocessedInbound(in: conversation) }) {
            guard let (disposition, newCalls) = try process(next, in: conversation, transaction) else { break }
            dispositions[next.id] = disposition
            calls += newCalls
            if next.id == last { break }
        }
        return (dispositions, calls)
    }

    /// Processes one stored message as one step; nil when it must wait because the
    /// conversation's execution is in a `delay` or an HTTP call.
    ///
    /// - Parameters:
    ///   - known: the message's body, when the caller has it (else it is decoded from `inbound`).
    ///   - speculation: the step computed ahead by the caller, used when the store still
    ///     holds what it was computed from.
    private func process(
        _ inbound: InboundRecord, body known: StoredInboundBody? = nil, speculation: Speculation? = nil, in conversation: Conversation,
        _ transaction: any FlowTransaction
    ) throws(RuntimeError) -> (InboundDisposition, [PendingCall])? {
        var batch = StepBatch(at: now())
        guard let body = known ?? (try? StepBatch.decoder.decode(StoredInboundBody.self, from: inbound.body)) else {
            batch.process(inbound, outcome: "unreadable")
            batch.event("flow.unreadable-message", nil, "message \(inbound.providerMessageID) of \(conversation) cannot be read; skipped")
            try commit(batch, in: transaction)
            return (.noMatch, [])
        }
        let message = IncomingMessage(
            text: body.text, replyID: body.replyID, sender: conversation.sender, contactPhone: conversation.contact, profileName: body.profileName)
        let contact = try storing { () throws(StoreError) in try transaction.contact(phone: conversation.contact) }
        if let contact, contact.isHandedOff(at: batch.now), let until = contact.handoffUntil {
            batch.process(inbound, outcome: InboundDisposition.handedOff(until: until).outcome)
            batch.event("flow.handoff-active", nil, "\(conversation) wrote while handed to a person (until \(until)); no automation ran")
            try commit(batch, in: transaction)
            return (.handedOff(until: until), [])
        }
        let stamp = try storing { () throws(StoreError) in try transaction.activeExecutionStamp(in: conversation) }
        let contactName = contact?.name ?? body.profileName
        if let speculation, speculation.holds(stamp: stamp, contactName: contactName, generation: routing.generation) {
            var batch = speculation.batch
            batch.process(inbound, outcome: speculation.pending.outcome)
            let results = try commit(batch, in: transaction)
            return (speculation.pending.resolved(with: results), calls(of: batch, results: results, in: conversation))
        }
        var active: ActiveExecution?
        if let stamp, let (record, loaded) = try activeExecution(stamp, in: conversation, transaction) {
            switch loaded {
            case .ready(let state, let program):
                if state.status == .waitingForTimer || state.status == .waitingForHTTP { return nil }
                active = ActiveExecution(record: record, state: state, program: program)
            case .unavailable(let reason, let explanation):
                batch.retire(record, reason: reason, because: explanation)
            }
        }
        let contactVariables = ContactVariables(phone: conversation.contact, name: contactName)
        let pending = try routing.route(message, to: active, in: conversation, contact: contactVariables, batch: &batch)
        batch.process(inbound, outcome: pending.outcome)
        let results = try commit(batch, in: transaction)
        return (pending.resolved(with: results), calls(of: batch, results: results, in: conversation))
    }
}
