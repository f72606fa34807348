/// The outcome of starting an execution or feeding it an event.
public struct StepResult: Sendable {
    /// The new state (the old one, unchanged, when the event was ignored).
    public var state: ExecutionState
    /// What the runner must do, in order.
    public var effects: [Effect]
    /// The states entered, in order, for per-node counters.
    public var entered: [Int]
    /// The edges taken, in order, for per-edge counters.
    public var edges: [TakenEdge]
    /// Why the event changed nothing, when it was ignored.
    public var ignored: IgnoredEvent?
    /// Template variables that were missing while rendering (and had no default), distinct, in order.
    public var missingVariables: [String]

    static func ignoring(_ state: ExecutionState, because reason: IgnoredEvent) -> StepResult {
        StepResult(state: state, effects: [], entered: [], edges: [], ignored: reason, missingVariables: [])
    }
}

/// An edge an execution followed.
public struct TakenEdge: Sendable, Hashable, CustomStringConvertible {
    /// The state it left.
    public var from: Int
    /// The edge's label: `next`, `error`, `timeout`, `default` or `cases[N].next`.
    public var label: String
    /// Where it led.
    public var to: Program.Target

    /// `#2 -next-> #3`.
    public var description: String { "#\(from) -\(label)-> \(to)" }
}

/// Why an event left an execution unchanged.
public enum IgnoredEvent: String, Sendable, Hashable, Codable {
    /// The execution has ended.
    case ended
    /// A message arrived while the execution waits for a timer or an HTTP result.
    case notWaitingForReply = "not-waiting-for-reply"
    /// A timer the execution no longer waits for (cancelled, or replaced by a newer one).
    case staleTimer = "stale-timer"
    /// An HTTP result for a call the execution no longer waits for.
    case staleHTTPResult = "stale-http-result"
    /// The execution belongs to another program version (or another flow).
    case versionMismatch = "version-mismatch"
}
