import Flows
import Foundation
import Runtime
import Store
import Testing

@Suite("FlowRunner handoffs", .timeLimit(.minutes(1)))
struct HandoffTests {
    @Test("a handoff stops automation for the contact until it expires, recording events")
    func handoffSuppressesAutomation() async throws {
        let world = try await RunnerWorld([
            "flows/survey.yaml": FlowDocuments.survey,
            "flows/fallback.yaml": FlowDocuments.fallback,
            "flows/human.yaml": """
            kind: Flow
            name: human
            triggers: [{ keywords: [human] }]
            start: pass
            nodes:
              pass: { handoff: { for: 1h, note: "<<contact.name>> asked for a person" } }
            """,
        ])

        try await world.say("human")

        let until = RunnerWorld.epoch.addingTimeInterval(3600)
        #expect(try world.executions().map(\.endedReason) == ["handoff"])
        let contact = try #require(try world.store.contact(phone: RunnerWorld.ann))
        #expect(contact.handoffUntil == until)
        #expect(contact.handoffNote == "Ann W. asked for a person")
        #expect(try world.events("flow.handoff").count == 1)

        #expect(try await world.say("survey") == .handedOff(until: until))
        #expect(try await world.say("anything") == .handedOff(until: until), "not even the catch-all runs")
        #expect(try world.texts().isEmpty)
        #expect(try world.events("flow.handoff-active").count == 2)
        guard case .started = try await world.say("survey", from: RunnerWorld.bob) else {
            Issue.record("other contacts are not handed off")
            return
        }

        world.clock.advance(by: .seconds(3600))
        guard case .started("survey", _, _) = try await world.say("survey") else {
            Issue.record("automation should resume once the handoff expires")
            return
        }
    }
}
