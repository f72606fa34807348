import Flows
import Foundation
import Store

/// One transaction being assembled from interpreter results: what every effect of a
/// step becomes in the store, and which HTTP calls to make once it is committed.
///
/// Pure: it encodes and collects; the runner commits. Effects map as follows —
/// `send` → an outbox row; `startTimer`/`cancelTimer` → timer rows; `httpCall` → the
/// execution's pending call (made after the commit); `handoff` → the contact's handoff
/// deadline and a `flow.handoff` event; `end` → `ended_reason` and a `flow.ended` (or
/// `flow.step-limit`) event; entered states and taken edges → counters. `goto` is the
/// runner's, which knows the flows.
struct StepBatch {
    /// An HTTP call to make after the commit, for the execution written at `write`.
    struct Call: Sendable {
        var write: Int
        var request: FlowHTTPRequest
    }

    /// What an execution write leaves behind, for the runner's ``ExecutionCache``.
    struct Written {
        /// The state written; nil when the write kept a state the runner could not read.
        var state: ExecutionState?
        var conversation: Conversation
    }

    private(set) var commit: FlowCommit
    private(set) var calls: [Call] = []
    /// One per write of `commit.executions`, in the same order.
    private(set) var written: [Written] = []

    init(at now: Date) {
        commit = FlowCommit(at: now)
    }

    var now: Date { commit.at }

    /// Adds one execution's step.
    ///
    /// - Parameters:
    ///   - target: the execution to write (new, or existing at the sequence `result` was computed from).
    ///   - endedReason: the reason to record when the step ended the execution, instead of
    ///     the interpreter's (the runner's own reasons, such as `flow-removed`).
    mutating func add(
        _ result: StepResult, of program: Program, target: ExecutionWrite.Target, in conversation: Conversation, endedReason: String? = nil
    ) throws(RuntimeError) {
        let state = result.state
        let reason = state.hasEnded ? endedReason ?? state.endReason?.rawValue ?? EndReason.completed.rawValue : nil
        var write = ExecutionWrite(
            target: target, state: try Self.encode(state, "the state of an execution of flow \(state.flow)"), endedReason: reason)
        let resource = "Flow/\(program.name)"
        for effect in result.effects {
            switch effect {
            case .send(let message):
                write.messages.append(try Self.encode(OutboxPayload(message), "a message of flow \(program.name)"))
            case .startTimer(let timer):
                write.startedTimers.append(TimerWrite(ticket: timer.id, fireAt: timer.fireAt, kind: timer.purpose.rawValue))
            case .cancelTimer(let id):
                write.cancelledTimers.append(id)
            case .httpCall(let call):
                let request = FlowHTTPRequest(call)
                write.httpCall = HTTPCallWrite(callID: call.id, request: try Self.encode(request, "an HTTP call of flow \(program.name)"))
                calls.append(Call(write: commit.executions.count, request: request))
            case .handoff(let handoff):
                commit.handoffs.append(ContactHandoff(phone: conversation.contact, until: handoff.until, note: handoff.note))
                let note = handoff.note.map { ": \($0)" } ?? ""
                event("flow.handoff", resource, "\(conversation) was handed to a person until \(handoff.until)\(note)")
            case .end(let ended):
                let kind = ended == .stepLimit ? "flow.step-limit" : "flow.ended"
                event(kind, resource, "the execution of \(conversation) ended: \(reason ?? ended.rawValue)")
            case .setVariables, .goto:
                break
            }
        }
        // A timer started and cancelled within one step never needs a row.
        let started = Set(write.startedTimers.map(\.ticket))
        let cancelled = Set(write.cancelledTimers)
        write.startedTimers.removeAll { cancelled.contains($0.ticket) }
        write.cancelledTimers.removeAll { started.contains($0) }
        write.counters = Self.counters(of: result, in: program)
        if !result.missingVariables.isEmpty {
            event(
                "flow.missing-variables", resource,
                "the execution of \(conversation) rendered without \(result.missingVariables.joined(separator: ", ")) (no value, no default)")
        }
        commit.executions.append(write)
        written.append(Written(state: state, conversation: conversation))
    }

    /// Marks an inbound message processed, noting what became of it.
    mutating func process(_ message: InboundRecord, outcome: String) {
        commit.processedInbound.append(ProcessedInbound(id: message.id, outcome: outcome))
    }

    /// Deletes a timer row that fired (or was stale).
    mutating func fire(_ timer: TimerRecord) {
        commit.firedTimers.append(timer.id)
    }

    /// Ends an execution without its program (unreadable, or the version is gone), keeping its last state.
    mutating func retire(_ record: ExecutionRecord, reason: String, because explanation: String) {
        commit.executions.append(
            ExecutionWrite(target: .existing(id: record.id, sequence: record.sequence), state: record.state, endedReason: reason))
        written.append(Written(state: nil, conversation: record.conversation))
        event("flow.ended", "Flow/\(record.flow)", "the execution of \(record.conversation) ended: \(reason) (\(explanation))")
    }

    /// Adds a history line.
    mutating func event(_ kind: String, _ resource: String?, _ message: String) {
        commit.events.append(EventRecord(at: commit.at, kind: kind, resource: resource, message: message))
    }

    private static func counters(of result: StepResult, in program: Program) -> [String: Int] {
        func name(_ number: Int) -> String {
            program.states.indices.contains(number) ? program.states[number].name : "#\(number)"
        }
        var counters: [String: Int] = [:]
        for number in result.entered { counters[FlowCounterKey.node(name(number)).description, default: 0] += 1 }
        for edge in result.edges {
            let to: String =
                switch edge.to {
                case .state(let number): name(number)
                case .end: "end"
                }
            counters[FlowCounterKey.edge(from: name(edge.from), label: edge.label, to: to).description, default: 0] += 1
        }
        return counters
    }

    /// The encoder of every record the runner stores: Foundation's JSON with sorted keys
    /// (equal values are equal text), written faster.
    static let encoder = CompactJSONEncoder()

    /// The decoder of the records the runner reads back.
    static let decoder = JSONDecoder()

    static func encode(_ value: some Encodable, _ what: @autoclosure () -> String) throws(RuntimeError) -> Data {
        do {
            return try encoder.encode(value)
        } catch {
            throw RuntimeError(.unreadableRecord, "Cannot encode \(what()): \(error).")
        }
    }
}
