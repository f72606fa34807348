import Flows
import Foundation
import Runtime
import Store
import Testing
import Transports

@Suite("FlowRunner deployments", .timeLimit(.minutes(1)))
struct DeployTests {
    static let editedSurvey = FlowDocuments.survey.replacingOccurrences(of: "Thanks for", with: "Merci for")

    @Test("an execution stays on the version it started with; new triggers use the newest")
    func versionPinning() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey", from: RunnerWorld.ann)

        try world.write(["flows/survey.yaml": Self.editedSurvey])
        let report = try await world.reload()
        #expect(report.endedExecutions.isEmpty)
        try await world.say("survey", from: RunnerWorld.bob)
        try await world.say("4", from: RunnerWorld.ann)
        try await world.say("3", from: RunnerWorld.bob)

        #expect(try world.texts(to: RunnerWorld.ann).last == "Thanks for 4 stars")
        #expect(try world.texts(to: RunnerWorld.bob).last == "Merci for 3 stars")
        let versions = try world.executions().map(\.version)
        #expect(versions.count == 2 && versions[0] != versions[1])
        #expect(try world.count("flow_versions") == 2)
    }

    @Test("after a restart an execution runs on its version as stored, not the edited one")
    func versionPinningAcrossRestart() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey")
        try world.write(["flows/survey.yaml": Self.editedSurvey])

        try await world.restart()  // the new process only ever compiles the edited flow
        try await world.say("5")

        #expect(try world.texts().last == "Thanks for 5 stars")
    }

    @Test("deploying again changes nothing: versions are saved once")
    func redeployIsIdempotent() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        let first = try await world.reload()
        let second = try await world.reload()
        #expect(first.versions == second.versions)
        #expect(first.versions.map(\.flow) == ["survey"])
        #expect(try world.count("flow_versions") == 1)
    }

    @Test("disabling a flow ends its executions as flow-disabled and stops its triggers")
    func disablingEndsExecutions() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey")

        try world.write(["flows/survey.yaml": FlowDocuments.survey.replacingOccurrences(of: "name: survey\n", with: "name: survey\nactive: false\n")])
        let report = try await world.reload()

        #expect(report.endedExecutions.map(\.reason) == ["flow-disabled"])
        #expect(report.versions.map(\.isActive) == [false])
        #expect(try world.executions().map(\.endedReason) == ["flow-disabled"])
        #expect(try world.count("timers") == 0)
        #expect(try await world.say("survey") == .noMatch)
        #expect(try world.events("flow.ended").last?.hasSuffix("ended: flow-disabled") == true)
    }

    @Test("deleting a flow ends its executions as flow-removed; messages that waited are routed afresh")
    func deletingEndsExecutions() async throws {
        let world = try await RunnerWorld(["flows/slow.yaml": FlowDocuments.slow, "flows/survey.yaml": FlowDocuments.survey])
        try await world.say("slow")
        #expect(try await world.say("survey") == .queued)

        try world.write(["flows/slow.yaml": nil])
        let report = try await world.reload()

        #expect(report.endedExecutions.map(\.flow) == ["slow"])
        #expect(try world.executions().map(\.endedReason) == ["flow-removed", nil])
        #expect(try world.state()?.flow == "survey", "the queued keyword started its flow")
        #expect(try world.texts() == ["one", "Hi Ann W.! How many stars?"])
    }

    @Test("an HTTP result for an execution ended meanwhile changes nothing")
    func staleHTTPResult() async throws {
        let gate = GatedHTTPClient()
        let world = try await RunnerWorld(
            ["flows/order.yaml": HTTPNodeTests.orderFlow(url: "http://api.example/orders")], http: gate, settings: HTTPNodeTests.secrets)
        let runner = world.runner
        let order = world.message("order")
        let handled = Task { try await runner.handle(order) }
        await gate.waitForRequests(1)

        try world.write(["flows/order.yaml": nil])
        try await world.reload()
        gate.answer(HTTPResponse(status: 200, body: Data(#"{"status":"x"}"#.utf8)))
        _ = try await handled.value

        #expect(try world.executions().map(\.endedReason) == ["flow-removed"])
        #expect(try world.texts().isEmpty)
        #expect(try world.count("flow_http_calls") == 0)
    }

    @Test("a goto starts the other flow's newest version with the same variables")
    func gotoCarriesVariables() async throws {
        let world = try await RunnerWorld([
            "flows/first.yaml": """
            kind: Flow
            name: first
            triggers: [{ keywords: [go] }]
            start: remember
            nodes:
              remember: { set: { colour: blue }, next: jump }
              jump: { goto: second }
            """,
            "flows/second.yaml": """
            kind: Flow
            name: second
            start: tell
            nodes:
              tell: { send: "colour <<vars.colour>> for <<contact.name>>", next: end }
            """,
        ])

        try await world.say("go")

        #expect(try world.texts() == ["colour blue for Ann W."])
        #expect(try world.executions().map(\.flow) == ["first", "second"])
        #expect(try world.executions().map(\.endedReason) == ["goto", "completed"])
    }
}
