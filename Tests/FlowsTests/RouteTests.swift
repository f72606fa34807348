import Flows
import Foundation
import Testing

@Suite("Routing inbound messages")
struct RouteTests {
    static let files: [String: String] = [
        "flows/support.yaml": """
        kind: Flow
        name: support
        triggers: [{ keywords: [help] }]
        start: ask
        nodes:
          ask: { wait: { save: answer }, next: end }
        """,
        "flows/survey.yaml": """
        kind: Flow
        name: survey
        interruptible: false
        triggers: [{ keywords: [survey] }]
        start: ask
        nodes:
          ask: { wait: { save: answer }, next: end }
        """,
        "flows/fallback.yaml": """
        kind: Flow
        name: fallback
        catchAll: true
        start: hello
        nodes:
          hello: { send: "Type HELP", next: end }
        """,
    ]

    struct World {
        var index: TriggerIndex
        var programs: [String: Program]

        init() throws {
            let programs = try FlowFixture.programs(RouteTests.files)
            index = TriggerIndex(programs: programs)
            self.programs = Dictionary(uniqueKeysWithValues: programs.map { ($0.name, $0) })
        }

        /// An execution of `flow` waiting for a reply.
        func waiting(in flow: String) throws -> ExecutionState {
            let program = try #require(programs[flow])
            return Interpreter(program: program).start(contact: ContactVariables(phone: "+15550100001"), now: Date(timeIntervalSince1970: 0)).state
        }

        func route(_ text: String, active: ExecutionState?) -> Route {
            index.route(IncomingMessage(text: text, sender: "support", contactPhone: "+15550100001"), active: active)
        }
    }

    @Test("without an execution: a trigger starts its flow, else the catch-all, else nothing")
    func withoutExecution() throws {
        let world = try World()
        guard case .start(let match, let interrupting) = world.route("Help!", active: nil) else {
            Issue.record("expected a start")
            return
        }
        #expect(match.flow == "support")
        #expect(match.version == world.programs["support"]?.version)
        #expect(!interrupting)
        #expect(world.route("hello", active: nil) == .catchAll(flow: "fallback", version: try #require(world.programs["fallback"]?.version)))
        let withoutCatchAll = TriggerIndex(programs: world.programs.values.filter { !$0.isCatchAll })
        #expect(withoutCatchAll.route(IncomingMessage(text: "hello", sender: "support", contactPhone: "+1555"), active: nil) == .noMatch)
    }

    @Test("a waiting execution gets the message before the catch-all and unmatched text")
    func waitingExecutionFirst() throws {
        let world = try World()
        let waiting = try world.waiting(in: "support")
        #expect(waiting.status == .waitingForReply)
        #expect(world.route("my answer", active: waiting) == .resume)
    }

    @Test("a trigger interrupts an interruptible execution, its own flow included")
    func interrupt() throws {
        let world = try World()
        let waiting = try world.waiting(in: "support")
        guard case .start(let match, let interrupting) = world.route("survey", active: waiting) else {
            Issue.record("expected a start")
            return
        }
        #expect(match.flow == "survey")
        #expect(interrupting)
        guard case .start(let restart, true) = world.route("HELP", active: waiting) else {
            Issue.record("expected a restart")
            return
        }
        #expect(restart.flow == "support")
    }

    @Test("a non-interruptible execution keeps the message even when it is a keyword")
    func nonInterruptible() throws {
        let world = try World()
        let waiting = try world.waiting(in: "survey")
        #expect(world.route("help", active: waiting) == .resume)
    }

    @Test("an ended execution counts as none")
    func endedExecution() throws {
        let world = try World()
        var ended = try world.waiting(in: "support")
        ended.status = .ended
        #expect(world.route("hello", active: ended) == .catchAll(flow: "fallback", version: try #require(world.programs["fallback"]?.version)))
    }
}
