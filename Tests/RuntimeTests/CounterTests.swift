import Flows
import Foundation
import Runtime
import Store
import Testing

@Suite("FlowRunner counters and limits", .timeLimit(.minutes(1)))
struct CounterTests {
    @Test("every entered node and taken edge is counted per flow version")
    func counters() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey", from: RunnerWorld.ann)
        try await world.say("5", from: RunnerWorld.ann)
        try await world.say("survey", from: RunnerWorld.bob)
        try await world.advance(by: .seconds(3600))

        let counters = try await world.runner.counters(flow: "survey")
        var counts: [FlowCounterKey: Int] = [:]
        for counter in counters {
            let key = try #require(FlowCounterKey(counter.key))
            counts[key] = counter.count
        }
        #expect(
            counts == [
                .node("ask"): 2, .node("answer"): 2, .node("thanks"): 1, .node("late"): 1,
                .edge(from: "ask", label: "next", to: "answer"): 2, .edge(from: "answer", label: "next", to: "thanks"): 1,
                .edge(from: "answer", label: "timeout", to: "late"): 1, .edge(from: "thanks", label: "next", to: "end"): 1,
                .edge(from: "late", label: "next", to: "end"): 1,
            ])
        #expect(Set(counters.map(\.version)).count == 1)
    }

    @Test("a step limit ends the execution with step-limit and an event")
    func stepLimit() async throws {
        let world = try await RunnerWorld([
            "flows/chatty.yaml": """
            kind: Flow
            name: chatty
            stepLimit: 2
            triggers: [{ keywords: [chat] }]
            start: a
            nodes:
              a: { send: "a", next: b }
              b: { send: "b", next: c }
              c: { send: "c", next: end }
            """
        ])

        try await world.say("chat")

        #expect(try world.texts() == ["a", "b"])
        #expect(try world.executions().map(\.endedReason) == ["step-limit"])
        #expect(try world.events("flow.step-limit").count == 1)
    }

    @Test("counter keys read back as written, node names with dashes included")
    func counterKeyText() {
        let keys: [FlowCounterKey] = [
            .node("ask-name"), .edge(from: "ask-name", label: "cases[2].next", to: "end"), .edge(from: "a", label: "next", to: "b-c"),
        ]
        for key in keys { #expect(FlowCounterKey(key.description) == key) }
        #expect(FlowCounterKey("garbage") == nil)
    }
}
