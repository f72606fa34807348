import Foundation
import Templates

/// Everything an execution remembers between events; the runner persists it as JSON.
///
/// An execution is pinned to the program ``version`` it started on. ``position`` is a state
/// number of that program and ``node`` its name, kept so a person (or a migration) can read
/// where the execution stands without the program.
public struct ExecutionState: Sendable, Hashable, Codable {
    /// The flow's name.
    public var flow: String
    /// The program version the execution runs; see ``Program/version``.
    public var version: String
    /// The current state number.
    public var position: Int
    /// The current state's node name.
    public var node: String
    /// Whether it runs, waits, or has ended.
    public var status: ExecutionStatus
    /// Why it ended, once ``status`` is ``ExecutionStatus/ended``.
    public var endReason: EndReason?
    /// Copied from the program: whether a trigger keyword may interrupt this execution.
    public var isInterruptible: Bool
    /// The `contact` namespace.
    public var contact: ContactVariables
    /// The `sender` namespace, when known.
    public var sender: SenderVariables?
    /// The `vars` namespace: what `wait`, `set` and `http` nodes saved.
    public var vars: [String: TemplateValue]
    /// The `flow` and `http` namespaces: the last inbound text and HTTP response.
    public var flowVariables: FlowVariables
    /// Replies that failed the current wait's validation.
    public var attempts: Int
    /// The timer the execution waits for (a delay or a wait's timeout), if any.
    public var timer: FlowTimer?
    /// The id of the HTTP call the execution waits for, if any.
    public var pendingCall: Int?
    /// The last id handed to a timer or HTTP call; ids only grow, so a stale one is recognised.
    public var lastTicket: Int
    /// States entered while handling the latest event, bounded by ``Program/stepLimit``.
    public var stepsInEvent: Int
    /// When the execution started.
    public var startedAt: Date
    /// When it last handled an event.
    public var updatedAt: Date

    /// Whether the execution has ended.
    public var hasEnded: Bool { status == .ended }
}

/// Where an execution stands.
public enum ExecutionStatus: String, Sendable, Hashable, Codable {
    /// Between states while an event is handled; never seen in a returned state.
    case running
    /// Waiting for the contact's reply.
    case waitingForReply = "waiting-for-reply"
    /// Waiting for a delay timer.
    case waitingForTimer = "waiting-for-timer"
    /// Waiting for an HTTP result.
    case waitingForHTTP = "waiting-for-http"
    /// Finished; see ``ExecutionState/endReason``.
    case ended
}

/// Why an execution ended.
public enum EndReason: String, Sendable, Hashable, Codable {
    /// It reached `end` (a node or the reserved target).
    case completed
    /// One event entered more states than ``Program/stepLimit`` allows.
    case stepLimit = "step-limit"
    /// A `goto` node passed the contact to another flow.
    case goto
    /// A `handoff` node passed the contact to a person.
    case handoff
    /// A trigger keyword started another execution.
    case interrupted
    /// A wait timed out and has no `timeout` edge.
    case timedOut = "timed-out"
    /// A wait's reply failed validation on the last attempt and there is no `timeout` edge.
    case invalidReply = "invalid-reply"
    /// An HTTP call failed and the node has no `error` edge.
    case httpFailed = "http-failed"
    /// The runner ended it (the program is gone, an operator stopped it).
    case cancelled
}

/// A timer an execution waits for.
public struct FlowTimer: Sendable, Hashable, Codable {
    /// The id a ``FlowEvent/timerFired(id:)`` event must carry; unique within the execution.
    public var id: Int
    /// When the timer fires.
    public var fireAt: Date
    /// What the timer is for.
    public var purpose: TimerPurpose
}

/// What a timer is for.
public enum TimerPurpose: String, Sendable, Hashable, Codable {
    /// A `delay` node: continue at `next`.
    case delay
    /// A `wait` node's timeout: follow the `timeout` edge.
    case waitTimeout = "wait-timeout"
}
