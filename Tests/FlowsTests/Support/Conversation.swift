import Flows
import Foundation
import Templates
import Testing

/// Drives one execution with a manual `now`, describing effects as short lines so tests
/// read as tables of event → effects.
struct Conversation {
    /// What happens next.
    enum Input {
        /// Start the execution, triggered by this text (nil: started by a goto).
        case start(String?)
        /// The contact writes (or taps the button with `id`).
        case reply(String, id: String? = nil)
        /// Move the clock on.
        case advance(Duration)
        /// The clock reaches the pending timer, which fires.
        case timerFires
        /// A timer with this id fires (possibly stale).
        case timer(Int)
        /// The pending HTTP call answers.
        case http(status: Int, body: String)
        /// An HTTP result for this call id (possibly stale).
        case httpResult(id: Int, status: Int)
    }

    let interpreter: Interpreter
    var contact = ContactVariables(phone: "+15550100001", name: "Ann")
    var now = Date(timeIntervalSince1970: 1_795_766_400)
    var state: ExecutionState?
    var last: StepResult?

    init(_ program: Program) {
        interpreter = Interpreter(program: program)
    }

    /// Feeds `input` and describes the effects (or `ignored REASON`).
    mutating func play(_ input: Input) -> [String] {
        if case .timerFires = input, let timer = state?.timer { now = timer.fireAt }
        let start = now
        let result: StepResult
        switch input {
        case .start(let text):
            let message = text.map { IncomingMessage(text: $0, sender: "support", contactPhone: contact.phone, profileName: "Ann W.") }
            result = interpreter.start(contact: contact, message: message, now: now)
        case .reply(let text, let id):
            result = step(.inbound(IncomingMessage(text: text, replyID: id, sender: "support", contactPhone: contact.phone)))
        case .advance(let duration):
            now = now.addingTimeInterval(Double(duration.components.seconds))
            return []
        case .timerFires:
            guard let timer = state?.timer else { return ["no pending timer"] }
            result = step(.timerFired(id: timer.id))
        case .timer(let id):
            result = step(.timerFired(id: id))
        case .http(let status, let body):
            guard let call = state?.pendingCall else { return ["no pending call"] }
            result = step(.httpResult(HTTPResult(callID: call, status: status, headers: ["Content-Type": "application/json"], body: Data(body.utf8))))
        case .httpResult(let id, let status):
            result = step(.httpResult(HTTPResult(callID: id, status: status)))
        }
        state = result.state
        last = result
        if let ignored = result.ignored { return ["ignored \(ignored.rawValue)"] }
        return result.effects.map { EffectText.describe($0, now: start) }
    }

    private func step(_ event: FlowEvent) -> StepResult {
        guard let state else { preconditionFailure("start the conversation first") }
        return interpreter.step(state, on: event, now: now)
    }

    /// Plays a table of inputs and expected effect lines.
    mutating func expect(_ table: [(Input, [String])], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (row, (input, expected)) in table.enumerated() {
            let actual = play(input)
            #expect(actual == expected, "row \(row): \(input)", sourceLocation: sourceLocation)
        }
    }
}

/// One line per effect, with times relative to the step's `now`.
enum EffectText {
    static func describe(_ effect: Effect, now: Date) -> String {
        switch effect {
        case .send(let message):
            return "send " + describe(message)
        case .startTimer(let timer):
            return "timer #\(timer.id) \(timer.purpose.rawValue) +\(Int(timer.fireAt.timeIntervalSince(now)))s"
        case .cancelTimer(let id):
            return "cancel #\(id)"
        case .httpCall(let call):
            return "http #\(call.id) \(call.method) \(call.url)"
        case .setVariables(let values):
            return "set " + values.keys.sorted().map { "\($0)=\(values[$0]?.text ?? "")" }.joined(separator: ", ")
        case .handoff(let handoff):
            return "handoff +\(Int(handoff.until.timeIntervalSince(now)))s" + (handoff.note.map { " \(quoted($0))" } ?? "")
        case .end(let reason):
            return "end \(reason.rawValue)"
        case .goto(let flow):
            return "goto \(flow)"
        }
    }

    static func quoted(_ text: String) -> String { "\"" + text + "\"" }

    static func describe(_ message: OutgoingMessage) -> String {
        var parts: [String] = []
        if let text = message.text { parts.append(quoted(text)) }
        if let call = message.whatsApp { parts.append("template \(call.name)(\(call.parameters.joined(separator: ", ")))") }
        if let media = message.media { parts.append("\(media.kind.rawValue) \(media.url)") }
        if !message.buttons.isEmpty { parts.append("buttons " + message.buttons.map { "\($0.id):\($0.title)" }.joined(separator: ", ")) }
        if let list = message.list { parts.append("list \(list.button): " + list.sections.flatMap(\.rows).map(\.id).joined(separator: ", ")) }
        return parts.joined(separator: " ")
    }
}
