import Manifest
import Templates

/// A flow compiled for execution: numbered states with resolved edges, templates and
/// regular expressions parsed once, and a version that names its behaviour.
///
/// States are numbered in node-name order, not in the order the file lists them, so the
/// numbering, like ``version``, depends only on what the flow does: an execution pinned to
/// a version can keep its state number across a reload that merely moved or reformatted
/// the flow. Build one with ``FlowCompiler``.
///
/// A program is `Codable` so the runner can store each version and rebuild it in a later
/// process for the executions pinned to it: templates are written as their source and
/// parsed again, regular expressions as pattern and options and compiled again, so the
/// decoded program behaves exactly like the encoded one (see `Program+Codable.swift`).
public struct Program: Sendable, Codable {
    /// The flow's name.
    public let name: String
    /// SHA-256 (lower-case hex) of the flow's canonical semantic encoding; see ``FlowVersion``.
    public let version: String
    /// The senders the flow runs on, sorted; `nil` means every sender.
    public let senders: [String]?
    /// Whether new executions may start; an inactive program still runs the executions pinned to it.
    public let isActive: Bool
    /// Whether a trigger keyword may interrupt an execution of this program.
    public let isInterruptible: Bool
    /// Whether the flow runs for messages that nothing else matches.
    public let isCatchAll: Bool
    /// How many states one event may enter before the execution is ended.
    public let stepLimit: Int
    /// The triggers, in the order written.
    public let triggers: [CompiledTrigger]
    /// The number of the first state.
    public let start: Int
    /// The states; `states[n].number == n`.
    public let states: [State]

    /// The number of the state called `name`, if any.
    public func state(named name: String) -> Int? {
        states.first { $0.name == name }?.number
    }
}

extension Program {
    /// One numbered state: a node of the flow with its instruction.
    public struct State: Sendable, Codable {
        /// The state's number, its index in ``Program/states``.
        public let number: Int
        /// The node's name as written.
        public let name: String
        /// What the state does and where it goes next.
        public let instruction: Instruction
    }

    /// Where an edge leads: a state, or the end of the execution.
    public enum Target: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The state with this number.
        case state(Int)
        /// The reserved target `end`: the execution completes.
        case end

        /// `#3` or `end`.
        public var description: String {
            switch self {
            case .state(let number): "#\(number)"
            case .end: "end"
            }
        }
    }
}
