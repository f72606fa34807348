import Manifest
import Templates

/// What a state does, with its outgoing edges resolved to ``Program/Target``s.
///
/// A missing `next` is compiled to ``Program/Target/end``.
public enum Instruction: Sendable, Codable {
    /// Send a message, then continue.
    case send(MessageTemplate, next: Program.Target)
    /// Pause until the contact replies (or the timeout fires).
    case wait(WaitInstruction)
    /// Test a value against ordered cases.
    case branch(BranchInstruction)
    /// Assign rendered values to variables, sorted by name, then continue.
    case set([Assignment], next: Program.Target)
    /// Pause durably for a duration, then continue.
    case delay(Duration, next: Program.Target)
    /// Call an HTTP API and pause until the result comes back.
    case http(HTTPInstruction)
    /// Hand the contact to a person and end.
    case handoff(duration: Duration, note: Template?)
    /// End and start another flow.
    case goto(flow: String)
    /// End.
    case end

    /// Every outgoing edge with its label (the labels of ``FlowNode/edges``), in a stable order.
    public var edges: [(label: String, target: Program.Target)] {
        switch self {
        case .send(_, let next), .set(_, let next), .delay(_, let next):
            return [("next", next)]
        case .wait(let wait):
            return [("next", wait.next)] + (wait.timeoutTarget.map { [("timeout", $0)] } ?? [])
        case .branch(let branch):
            return branch.cases.enumerated().map { ("cases[\($0.offset)].next", $0.element.next) } + [("default", branch.defaultTarget)]
        case .http(let http):
            return [("next", http.next)] + (http.errorTarget.map { [("error", $0)] } ?? [])
        case .handoff, .goto, .end:
            return []
        }
    }
}

/// A variable assignment of a `set` node.
public struct Assignment: Sendable, Codable {
    /// The variable, read back as `vars.NAME`.
    public let variable: String
    /// The value.
    public let value: Template
}

/// A compiled `wait` node.
public struct WaitInstruction: Sendable, Codable {
    /// The variable that receives the reply, if any.
    public let save: String?
    /// How long to wait before following ``timeoutTarget``; nil waits for ever.
    public let timeout: Duration?
    /// How the reply is checked, if at all.
    public let validation: ReplyRule?
    /// Where an accepted reply goes.
    public let next: Program.Target
    /// Where a timeout, or a reply still invalid after the last attempt, goes; nil ends the execution.
    public let timeoutTarget: Program.Target?
}

/// How a `wait` checks a reply; see ``ReplyValidation``.
public struct ReplyRule: Sendable, Codable {
    /// What the reply must be.
    public let kind: ReplyValidation.Kind
    /// The pattern, for `regex`.
    public let pattern: CompiledRegex?
    /// The accepted choices, for `choice`: the explicit `choices`, or else the buttons
    /// and list rows of the `send` nodes whose `next` is this wait.
    public let choices: [ChoiceOption]
    /// Sent after a reply that does not pass, unless it was the last attempt.
    public let reprompt: Template?
    /// How many replies are checked before the timeout edge is taken.
    public let attempts: Int
}

/// One accepted answer of a `choice` validation.
public struct ChoiceOption: Sendable, Hashable, Codable {
    /// What is saved when this choice is picked: the choice as written, or the button or row id.
    public let id: String
    /// Other replies that pick it (a constant button or row title), as written.
    public let aliases: [String]
}

/// A compiled `branch` node.
public struct BranchInstruction: Sendable, Codable {
    /// The value the cases test.
    public let value: Template
    /// The cases, tried in order.
    public let cases: [BranchCase]
    /// Where the branch goes when no case matches.
    public let defaultTarget: Program.Target
}

/// One case of a branch.
public struct BranchCase: Sendable, Codable {
    /// The test.
    public let condition: BranchCondition
    /// Where the branch goes when the test passes.
    public let next: Program.Target
}

/// The test of a branch case.
public enum BranchCondition: Sendable, Codable {
    /// The value equals the rendered text, ignoring case, accents and surrounding spaces.
    case equals(Template)
    /// The value contains the rendered text, ignoring case and accents; empty text never matches.
    case contains(Template)
    /// The pattern matches somewhere in the value.
    case regex(CompiledRegex)
    /// The value is a number within the bounds (inclusive).
    case range(min: Double?, max: Double?)
    /// With true, the value is not blank; with false, it is.
    case hasValue(Bool)
}

/// A compiled `http` node.
public struct HTTPInstruction: Sendable, Codable {
    /// GET, POST, PUT, PATCH or DELETE.
    public let method: String
    /// The address; inserted values are percent-encoded.
    public let url: Template
    /// The request headers, sorted by name.
    public let headers: [HeaderTemplate]
    /// The JSON body, if any.
    public let body: BodyTemplate?
    /// The timeout of one attempt.
    public let timeout: Duration
    /// Extra attempts on transient failures.
    public let retries: Int
    /// Variables filled from a 2xx response, sorted by variable.
    public let save: [ResponseSave]
    /// Where a 2xx response goes.
    public let next: Program.Target
    /// Where any other outcome goes; nil ends the execution.
    public let errorTarget: Program.Target?
}

/// A variable an `http` node fills from the response.
public struct ResponseSave: Sendable, Codable {
    /// The variable.
    public let variable: String
    /// The dotted path, such as `body.items.0.name`; see ``ResponsePath``.
    public let path: ResponsePath
}
