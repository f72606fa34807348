import Flows
import Foundation

/// What the runner did with an inbound message.
public enum InboundDisposition: Sendable, Hashable {
    /// A message with the same provider id was stored before; nothing was done.
    case duplicate
    /// The contact's execution is in a `delay` or waits for an HTTP result: the message
    /// waits in the inbox and is delivered, in arrival order, when the execution next
    /// waits for a reply (or routed afresh if it ends).
    case queued
    /// The contact's waiting execution took it.
    case resumed(flow: String, executionID: Int64)
    /// It started an execution.
    case started(flow: String, executionID: Int64, trigger: StartTrigger)
    /// The execution waiting for it ignored it (it had ended in the meantime, or belongs
    /// to another version); the message is processed.
    case ignored(executionID: Int64, reason: IgnoredEvent)
    /// No execution waits, no trigger matches and no catch-all flow applies: auto-replies
    /// may answer it.
    case noMatch
    /// The contact is handed to a person until `until`: no automation ran.
    case handedOff(until: Date)

    /// What `inbound_messages.outcome` records.
    var outcome: String {
        switch self {
        case .duplicate: "duplicate"
        case .queued: "queued"
        case .resumed: "resumed"
        case .started(_, _, .catchAll): "catch-all"
        case .started(_, _, .keyword(_, interrupted: .some)): "interrupted"
        case .started: "started"
        case .ignored: "ignored"
        case .noMatch: "no-match"
        case .handedOff: "handed-off"
        }
    }
}

/// Why an execution started.
public enum StartTrigger: Sendable, Hashable {
    /// A trigger keyword matched; `interrupted` is the execution it ended, if any.
    case keyword(String, interrupted: Int64?)
    /// Nothing else matched and the flow is the sender's catch-all.
    case catchAll
}
