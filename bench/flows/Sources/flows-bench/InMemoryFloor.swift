import Flows
import Foundation
import Manifest

/// The limit above the store: trigger matching and interpreter steps alone, in memory.
///
/// The same flows (compiled from the same validated configuration) and the same message
/// stream as the runner gets; each message is routed by ``TriggerIndex/route(_:active:)``
/// against the contact's state kept in a dictionary, then started or stepped. An `http`
/// node's call is answered at once with the local server's body, as a second step. With
/// `roundTripsJSON`, each state is also encoded to JSON and decoded back, as the runner
/// does between the store and the interpreter. One thread, no store, no actor.
struct InMemoryFloor {
    var workload: Workload
    var programs: [Program]
    var roundTripsJSON = false

    static let responseBody = Data(#"{"status":"shipped","eta":"tomorrow"}"#.utf8)

    func run(messages total: Int) throws -> String {
        let index = TriggerIndex(programs: programs)
        let byName = Dictionary(programs.map { ($0.name, $0) }) { first, _ in first }
        var states: [Int: Data] = [:]
        var live: [Int: ExecutionState] = [:]
        var tally = (started: 0, resumed: 0, unexpected: 0)
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let now = Date()
        let messages = workload.warmUp + (0..<total).map(workload.message(number:))
        let timedFrom = messages.count - total
        var started = ContinuousClock.now
        for (position, message) in messages.enumerated() {
            if position == timedFrom {
                tally = (0, 0, 0)
                started = .now
            }
            let incoming = IncomingMessage(
                text: message.text, sender: workload.sender, contactPhone: message.phone, profileName: "Contact \(message.contact)")
            let active: ExecutionState?
            if roundTripsJSON {
                active = try states[message.contact].map { try decoder.decode(ExecutionState.self, from: $0) }
            } else {
                active = live[message.contact]
            }
            let step: (program: Program, result: StepResult)?
            switch index.route(incoming, active: active) {
            case .start(let match, interrupting: false):
                step = byName[match.flow].map { program in
                    (program, Interpreter(program: program).start(contact: ContactVariables(phone: message.phone), message: incoming, now: now))
                }
                tally.started += 1
            case .resume:
                step = active.flatMap { state in
                    byName[state.flow].map { program in (program, Interpreter(program: program).step(state, on: .inbound(incoming), now: now)) }
                }
                tally.resumed += 1
            default:
                step = nil
            }
            guard let step else {
                tally.unexpected += 1
                continue
            }
            let program = step.program
            var result = step.result
            for case .httpCall(let call) in result.effects {
                if roundTripsJSON { result.state = try decoder.decode(ExecutionState.self, from: encoder.encode(result.state)) }
                result = Interpreter(program: program).step(
                    result.state, on: .httpResult(HTTPResult(callID: call.id, status: 200, body: Self.responseBody)), now: now)
            }
            if result.state.hasEnded {
                states[message.contact] = nil
                live[message.contact] = nil
            } else if roundTripsJSON {
                states[message.contact] = try encoder.encode(result.state)
            } else {
                live[message.contact] = result.state
            }
        }
        let seconds = (ContinuousClock.now - started).seconds
        return String(
            format: "messages=%d seconds=%.3f rate=%.0f started=%d resumed=%d unexpected=%d", total, seconds, Double(total) / seconds,
            tally.started, tally.resumed, tally.unexpected)
    }
}
