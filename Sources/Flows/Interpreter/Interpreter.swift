import Foundation
import Templates

/// Runs a ``Program``: a pure step function from (state, event, now) to (state, effects).
///
/// An execution runs from state to state until it pauses — at a `wait` (for a reply), a
/// `delay` (for a timer) or an `http` node (for the result) — or ends. Nothing here reads
/// a clock, sleeps or does I/O: timers and calls are ``Effect``s the runner carries out and
/// feeds back as ``FlowEvent``s, and `now` is a parameter.
///
/// Node behaviour:
/// - `send` renders its message into ``Effect/send(_:)`` and continues at `next`.
/// - `wait` pauses; a `timeout` starts a ``TimerPurpose/waitTimeout`` timer. A reply is
///   checked by the validation (number, email, phone, choice or regex). An accepted reply
///   is saved into `vars.SAVE` — a number for `number`, the choice's id for `choice`, a
///   tap's id or the trimmed text otherwise — and the timer is cancelled. A rejected reply
///   sends the re-prompt, until `attempts` replies have failed: then the `timeout` edge is
///   taken, or without one the execution ends with ``EndReason/invalidReply``. When the
///   timer fires the `timeout` edge is taken, or the execution ends with ``EndReason/timedOut``.
///   `flow.message` shows every reply, accepted or not.
/// - `branch` renders its value and takes the first case that matches, else `default`.
/// - `set` renders every value first, then assigns them all.
/// - `delay` starts a ``TimerPurpose/delay`` timer and continues at `next` when it fires.
/// - `http` emits ``Effect/httpCall(_:)`` and pauses. A 2xx result fills the `save`
///   variables (a path the response lacks sets `null`) and continues at `next`; any other
///   status, including 0 (no response), follows `error`, or ends with ``EndReason/httpFailed``.
///   Either way `flow.httpStatus`, `flow.httpResponse` and `http.*` show the response.
/// - `handoff` emits ``Effect/handoff(_:)`` and ends; `goto` ends and emits ``Effect/goto(flow:)``;
///   `end` (and the reserved target `end`) ends as ``EndReason/completed``.
///
/// One event may enter at most ``Program/stepLimit`` states; the next one ends the
/// execution with ``EndReason/stepLimit``. Ending always cancels a pending timer.
public struct Interpreter: Sendable {
    /// The program executions run on.
    public let program: Program

    /// Creates an interpreter for `program`.
    public init(program: Program) {
        self.program = program
    }

    /// Starts an execution and runs it until it pauses or ends.
    ///
    /// - Parameters:
    ///   - contact: The `contact` namespace; a missing name is taken from the message's profile name.
    ///   - sender: The `sender` namespace; by default the message's sender, by name only.
    ///   - message: The message that triggered the flow, shown as `flow.message`; nil for a `goto`.
    ///   - variables: Initial `vars`, for instance those of the execution that went here with `goto`.
    ///   - now: The current time, for timers.
    public func start(
        contact: ContactVariables, sender: SenderVariables? = nil, message: IncomingMessage? = nil,
        variables: [String: TemplateValue] = [:], now: Date
    ) -> StepResult {
        var contact = contact
        if contact.name == nil { contact.name = message?.profileName }
        let hasStart = program.states.indices.contains(program.start)
        let state = ExecutionState(
            flow: program.name, version: program.version, position: program.start,
            node: hasStart ? program.states[program.start].name : "", status: .running, endReason: nil,
            isInterruptible: program.isInterruptible, contact: contact, sender: sender ?? message.map { SenderVariables(name: $0.sender) },
            vars: variables, flowVariables: FlowVariables(message: message.map(Run.messageText)), attempts: 0, timer: nil,
            pendingCall: nil, lastTicket: 0, stepsInEvent: 0, startedAt: now, updatedAt: now)
        var run = Run(program: program, state: state, now: now)
        if hasStart {
            run.run(from: .state(program.start))
        } else {
            run.finish(.completed)
        }
        return run.result
    }

    /// Feeds `event` to the execution `state` and runs it until it pauses or ends.
    ///
    /// An event the execution does not wait for leaves it unchanged and sets
    /// ``StepResult/ignored``: a message during a delay or HTTP call, a stale timer or HTTP
    /// result, any event after the end, and a state of another program version.
    public func step(_ state: ExecutionState, on event: FlowEvent, now: Date) -> StepResult {
        if state.hasEnded { return .ignoring(state, because: .ended) }
        guard state.flow == program.name, state.version == program.version, program.states.indices.contains(state.position) else {
            return .ignoring(state, because: .versionMismatch)
        }
        var run = Run(program: program, state: state, now: now)
        let ignored: IgnoredEvent?
        switch event {
        case .inbound(let message): ignored = run.receive(message)
        case .timerFired(let id): ignored = run.fire(timer: id)
        case .httpResult(let result): ignored = run.complete(result)
        }
        if let ignored { return .ignoring(state, because: ignored) }
        return run.result
    }

    /// Ends the execution from outside: interrupted by another flow's trigger, or cancelled by the runner.
    public func end(_ state: ExecutionState, reason: EndReason, now: Date) -> StepResult {
        if state.hasEnded { return .ignoring(state, because: .ended) }
        var run = Run(program: program, state: state, now: now)
        run.finish(reason)
        return run.result
    }
}
