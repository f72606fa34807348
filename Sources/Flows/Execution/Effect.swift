import Foundation
import Templates

/// What the runner must do after a step, in order.
public enum Effect: Sendable, Hashable {
    /// Send a message to the contact.
    case send(OutgoingMessage)
    /// Start a durable timer; when it fires, feed ``FlowEvent/timerFired(id:)`` back.
    case startTimer(FlowTimer)
    /// Cancel a timer started earlier; a timer that fires anyway is ignored.
    case cancelTimer(id: Int)
    /// Make an HTTP call; feed ``FlowEvent/httpResult(_:)`` back, with status 0 if it could not be made.
    case httpCall(HTTPCall)
    /// Variables changed (already applied to the returned state); for logs and contact fields.
    case setVariables([String: TemplateValue])
    /// Stop automation for this contact and tell the people who take over.
    case handoff(Handoff)
    /// The execution ended; when ``EndReason/goto``, a ``goto(flow:)`` effect follows.
    case end(EndReason)
    /// Start the named flow for the contact (after the `end` before it).
    case goto(flow: String)
}

/// A hand-over to a person.
public struct Handoff: Sendable, Hashable {
    /// How long automation stays off for the contact.
    public var duration: Duration
    /// When automation may resume: the step's `now` plus ``duration``.
    public var until: Date
    /// The rendered note for the people who take over.
    public var note: String?
}
