import Foundation
import Templates

extension Run {
    /// Carries out one instruction; returns the edge to take, or nil when the execution paused or ended.
    mutating func execute(_ instruction: Instruction) -> (label: String, target: Program.Target)? {
        switch instruction {
        case .send(let message, let next):
            emit(.send(render(message)))
            return ("next", next)
        case .wait(let wait):
            state.status = .waitingForReply
            state.attempts = 0
            if let timeout = wait.timeout { startTimer(after: timeout, purpose: .waitTimeout) }
            return nil
        case .branch(let branch):
            let value = render(branch.value)
            for (index, branchCase) in branch.cases.enumerated() where matches(branchCase.condition, value) {
                return ("cases[\(index)].next", branchCase.next)
            }
            return ("default", branch.defaultTarget)
        case .set(let assignments, let next):
            var values: [String: TemplateValue] = [:]
            for assignment in assignments { values[assignment.variable] = .string(render(assignment.value)) }
            state.vars.merge(values) { _, new in new }
            if !values.isEmpty { emit(.setVariables(values)) }
            return ("next", next)
        case .delay(let duration, _):
            state.status = .waitingForTimer
            startTimer(after: duration, purpose: .delay)
            return nil
        case .http(let http):
            let call = render(http, id: newTicket())
            state.pendingCall = call.id
            state.status = .waitingForHTTP
            emit(.httpCall(call))
            return nil
        case .handoff(let duration, let note):
            let handoff = Handoff(duration: duration, until: now.addingTimeInterval(duration.timeInterval), note: note.map { render($0) })
            emit(.handoff(handoff))
            finish(.handoff)
            return nil
        case .goto(let flow):
            finish(.goto)
            emit(.goto(flow: flow))
            return nil
        case .end:
            finish(.completed)
            return nil
        }
    }

    /// Whether a branch condition holds for the rendered value.
    mutating func matches(_ condition: BranchCondition, _ value: String) -> Bool {
        switch condition {
        case .equals(let expected):
            return Self.comparable(value) == Self.comparable(render(expected))
        case .contains(let expected):
            let needle = Self.comparable(render(expected))
            return !needle.isEmpty && Self.comparable(value).contains(needle)
        case .regex(let pattern):
            return pattern.matches(value)
        case .range(let min, let max):
            guard let number = NumberText(value)?.double else { return false }
            return (min.map { number >= $0 } ?? true) && (max.map { number <= $0 } ?? true)
        case .hasValue(let expected):
            return !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == expected
        }
    }

    /// Text as branches compare it: folded like keywords, surrounding whitespace removed.
    static func comparable(_ text: String) -> String {
        KeywordText.fold(text).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
