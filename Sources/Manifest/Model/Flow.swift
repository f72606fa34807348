/// A chatbot: keyword triggers and a graph of nodes.
public struct Flow: Sendable, Hashable {
    public var header: ResourceHeader
    /// nil means every sender.
    public var senders: [Located<String>]?
    public var isActive: Bool
    public var isInterruptible: Bool
    public var isCatchAll: Bool
    public var stepLimit: Int
    public var triggers: [Trigger]
    public var start: Located<String>
    /// Nodes in the order they are written.
    public var nodes: [FlowNode]
}

/// Keywords that start a flow.
public struct Trigger: Sendable, Hashable {
    public enum Match: String, Sendable, Hashable { case exact, word, prefix, regex }
    public var keywords: [Located<String>]
    public var match: Match
}

/// One node of a flow graph.
public struct FlowNode: Sendable, Hashable {
    public var name: Located<String>
    public var action: FlowAction
    /// Where the action key is written.
    public var actionLocation: SourceLocation
    public var next: Located<String>?
    public var error: Located<String>?
    public var timeout: Located<String>?

    /// Every outgoing edge with its label, in a stable order.
    public var edges: [(label: String, target: Located<String>)] {
        var edges: [(String, Located<String>)] = []
        if case .branch(let branch) = action {
            for (index, branchCase) in branch.cases.enumerated() { edges.append(("cases[\(index)].next", branchCase.next)) }
            edges.append(("default", branch.defaultTarget))
        }
        if let next { edges.append(("next", next)) }
        if let error { edges.append(("error", error)) }
        if let timeout { edges.append(("timeout", timeout)) }
        return edges
    }
}

/// What a node does.
public enum FlowAction: Sendable, Hashable {
    case send(MessageContent, buttons: [Button], list: ListMessage?)
    case wait(save: String?, timeout: Duration?, validation: ReplyValidation?)
    case branch(Branch)
    case set([String: String])
    case delay(Duration)
    case http(HTTPRequest)
    case handoff(duration: Duration, note: String?)
    case goto(Located<String>)
    case end

    /// The action key as written.
    public var keyword: String {
        switch self {
        case .send: return "send"
        case .wait: return "wait"
        case .branch: return "branch"
        case .set: return "set"
        case .delay: return "delay"
        case .http: return "http"
        case .handoff: return "handoff"
        case .goto: return "goto"
        case .end: return "end"
        }
    }

    /// Whether execution pauses for time or input here, which makes a loop through it safe.
    public var yields: Bool {
        switch self {
        case .wait, .delay: return true
        default: return false
        }
    }
}

/// A reply button.
public struct Button: Sendable, Hashable {
    public var id: String
    public var title: Located<String>
}

/// An interactive list message.
public struct ListMessage: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var id: String
        public var title: Located<String>
        public var description: Located<String>?
    }
    public struct Section: Sendable, Hashable {
        public var title: String?
        public var rows: [Row]
    }
    public var button: Located<String>
    public var sections: [Section]
    public var location: SourceLocation
}

/// How a `wait` checks the reply.
public struct ReplyValidation: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case number, email, choice, regex, phone }
    public var kind: Kind
    public var pattern: String?
    public var choices: [String]?
    public var reprompt: String?
    public var attempts: Int
}

/// A branch node: ordered cases and a default.
public struct Branch: Sendable, Hashable {
    public enum Condition: Sendable, Hashable {
        case equals(String)
        case contains(String)
        case regex(String)
        case range(min: Double?, max: Double?)
        case hasValue(Bool)
    }
    public struct Case: Sendable, Hashable {
        public var condition: Condition
        public var next: Located<String>
    }
    public var value: String
    public var cases: [Case]
    public var defaultTarget: Located<String>
}

/// An HTTP node's request.
public struct HTTPRequest: Sendable, Hashable {
    public var method: String
    public var url: String
    public var headers: [String: String]
    public var body: SpecValue?
    public var timeout: Duration
    public var retries: Int
    /// Variable name to JSON path.
    public var save: [String: String]
}
