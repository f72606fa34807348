import Foundation

/// One transaction of the flow runner.
public struct FlowCommit: Sendable, Hashable {
    /// When the step happened: the time written to rows.
    public var at: Date
    /// Execution writes, applied in order (end the interrupted execution before starting the next).
    public var executions: [ExecutionWrite] = []
    /// Inbound messages the step finished with.
    public var processedInbound: [ProcessedInbound] = []
    /// Timer rows that fired (or turned out stale), deleted.
    public var firedTimers: [Int64] = []
    /// Contacts handed to a person.
    public var handoffs: [ContactHandoff] = []
    /// History lines.
    public var events: [EventRecord] = []

    /// An empty commit at `at`.
    public init(at: Date) {
        self.at = at
    }

    /// Whether the commit writes nothing.
    public var isEmpty: Bool {
        executions.isEmpty && processedInbound.isEmpty && firedTimers.isEmpty && handoffs.isEmpty && events.isEmpty
    }
}

/// What one step writes for one execution.
public struct ExecutionWrite: Sendable, Hashable {
    /// Which execution: a new one, or an existing one at the sequence the step was computed from.
    public enum Target: Sendable, Hashable {
        /// Start an execution (its sequence becomes 1).
        case new(flow: String, version: String, conversation: Conversation)
        /// Update the execution `id`, which must be active and still at `sequence`.
        case existing(id: Int64, sequence: Int64)
    }

    /// The execution written.
    public var target: Target
    /// The new execution state, as JSON.
    public var state: Data
    /// Set when the execution ended: why (`completed`, `interrupted`, `flow-removed`, …).
    public var endedReason: String?
    /// Messages to enqueue in the outbox, as JSON payloads, in order. Each gets the dedupe
    /// key `flow:<execution id>:<sequence>:<index>`, so the same step can never enqueue twice.
    public var messages: [Data]
    /// Timers to start.
    public var startedTimers: [TimerWrite]
    /// Tickets of timers to delete (an ended execution loses all of its timers anyway).
    public var cancelledTimers: [Int]
    /// The HTTP call the execution now waits for; any earlier one is forgotten.
    public var httpCall: HTTPCallWrite?
    /// Counter increments by key (for this execution's flow and version).
    public var counters: [String: Int]

    /// Creates a write.
    public init(
        target: Target, state: Data, endedReason: String? = nil, messages: [Data] = [], startedTimers: [TimerWrite] = [],
        cancelledTimers: [Int] = [], httpCall: HTTPCallWrite? = nil, counters: [String: Int] = [:]
    ) {
        self.target = target; self.state = state; self.endedReason = endedReason; self.messages = messages
        self.startedTimers = startedTimers; self.cancelledTimers = cancelledTimers; self.httpCall = httpCall; self.counters = counters
    }
}

/// What ``FlowStateStore/commit(_:)`` wrote for one execution.
public struct ExecutionWriteResult: Sendable, Hashable {
    /// The execution's id.
    public var id: Int64
    /// The sequence after the step.
    public var sequence: Int64

    /// Creates a result.
    public init(id: Int64, sequence: Int64) {
        self.id = id
        self.sequence = sequence
    }
}

/// An inbound message a step finished with.
public struct ProcessedInbound: Sendable, Hashable {
    /// The inbound row id.
    public var id: Int64
    /// What was done with it, such as `resumed`, `started` or `no-match`.
    public var outcome: String

    /// Creates a processed mark.
    public init(id: Int64, outcome: String) {
        self.id = id
        self.outcome = outcome
    }
}

/// A timer a step starts.
public struct TimerWrite: Sendable, Hashable {
    /// The execution's id for the timer.
    public var ticket: Int
    /// When it fires.
    public var fireAt: Date
    /// What it is for.
    public var kind: String

    /// Creates a timer to write.
    public init(ticket: Int, fireAt: Date, kind: String) {
        self.ticket = ticket
        self.fireAt = fireAt
        self.kind = kind
    }
}

/// An HTTP call a step starts.
public struct HTTPCallWrite: Sendable, Hashable {
    /// The execution's id for the call.
    public var callID: Int
    /// The request, as JSON (secrets as references).
    public var request: Data

    /// Creates a call to write.
    public init(callID: Int, request: Data) {
        self.callID = callID
        self.request = request
    }
}

/// A hand-over of a contact to a person, until a time.
public struct ContactHandoff: Sendable, Hashable {
    /// The contact's number.
    public var phone: String
    /// When automation may resume.
    public var until: Date
    /// The note for the people who take over.
    public var note: String?

    /// Creates a handoff.
    public init(phone: String, until: Date, note: String?) {
        self.phone = phone
        self.until = until
        self.note = note
    }
}
