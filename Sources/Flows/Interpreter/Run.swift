import Foundation
import Templates

/// One step in progress: the state being changed, and what was emitted and traversed so far.
struct Run {
    let program: Program
    let now: Date
    var state: ExecutionState
    private var effects: [Effect] = []
    private var entered: [Int] = []
    private var edges: [TakenEdge] = []
    private var missing: [String] = []
    private var seenMissing: Set<String> = []

    init(program: Program, state: ExecutionState, now: Date) {
        self.program = program
        self.now = now
        self.state = state
        self.state.stepsInEvent = 0
        self.state.updatedAt = now
    }

    var result: StepResult {
        StepResult(state: state, effects: effects, entered: entered, edges: edges, ignored: nil, missingVariables: missing)
    }

    /// The instruction of the current state.
    var instruction: Instruction { program.states[state.position].instruction }

    // MARK: Moving

    /// Takes the edge `label` from the current state and runs on.
    mutating func follow(_ label: String, to target: Program.Target) {
        edges.append(TakenEdge(from: state.position, label: label, to: target))
        run(from: target)
    }

    /// Enters states from `target` until one pauses or the execution ends.
    mutating func run(from target: Program.Target) {
        var next: Program.Target? = target
        while let target = next {
            guard case .state(let number) = target else {
                finish(.completed)
                return
            }
            guard state.stepsInEvent < program.stepLimit else {
                finish(.stepLimit)
                return
            }
            state.stepsInEvent += 1
            state.position = number
            state.node = program.states[number].name
            state.status = .running
            entered.append(number)
            guard let (label, target) = execute(program.states[number].instruction) else { return }
            edges.append(TakenEdge(from: number, label: label, to: target))
            next = target
        }
    }

    /// Ends the execution, cancelling what it waited for.
    mutating func finish(_ reason: EndReason) {
        cancelTimer()
        state.pendingCall = nil
        state.attempts = 0
        state.status = .ended
        state.endReason = reason
        effects.append(.end(reason))
    }

    mutating func emit(_ effect: Effect) {
        effects.append(effect)
    }

    // MARK: Timers and tickets

    mutating func newTicket() -> Int {
        state.lastTicket += 1
        return state.lastTicket
    }

    mutating func startTimer(after duration: Duration, purpose: TimerPurpose) {
        let timer = FlowTimer(id: newTicket(), fireAt: now.addingTimeInterval(duration.timeInterval), purpose: purpose)
        state.timer = timer
        effects.append(.startTimer(timer))
    }

    mutating func cancelTimer() {
        guard let timer = state.timer else { return }
        effects.append(.cancelTimer(id: timer.id))
        state.timer = nil
    }

    // MARK: Rendering

    /// The namespaces templates see.
    var context: TemplateContext {
        var context: TemplateContext = [
            "contact": state.contact.value, "vars": .object(state.vars), "flow": state.flowVariables.flowValue,
            "http": state.flowVariables.httpValue,
        ]
        if let sender = state.sender { context["sender"] = sender.value }
        return context
    }

    /// Renders `template`, noting missing variables.
    mutating func render(_ template: Template, escaping: Escaping = .none) -> String {
        guard !template.isConstant else { return template.render(TemplateContext(), escaping: escaping).text }
        let rendered = template.render(context, escaping: escaping)
        for path in rendered.missing where seenMissing.insert(path.description).inserted { missing.append(path.description) }
        return rendered.text
    }

    /// What `flow.message` shows for a message: its text, or the reply id when the text is empty.
    static func messageText(_ message: IncomingMessage) -> String {
        message.text.isEmpty ? message.replyID ?? "" : message.text
    }
}

extension Duration {
    /// The duration in seconds, for `Date` arithmetic.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
