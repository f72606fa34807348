import Flows
import Foundation
import Testing

/// Golden listings of compiled programs under `Golden/`: the demo flows and a flow that
/// uses every kind of node. Re-record with `RECORD_GOLDEN=1`; a recording run fails on
/// purpose. A changed version in a listing means every execution of that flow would be
/// pinned to a new version: make sure the change of encoding is intended.
@Suite("Golden programs")
struct GoldenProgramTests {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test("the demo support bot")
    func supportBot() throws {
        let programs = try FlowFixture.programs([
            "senders.yaml": try FlowFixture.repositoryFile("senders.yaml"),
            "flows/support-bot.yaml": try FlowFixture.repositoryFile("flows/support-bot.yaml"),
        ])
        try compare(try #require(programs.first).dump(), with: "support-bot.txt")
    }

    @Test("the demo opt-in flow")
    func optIn() throws {
        let programs = try FlowFixture.programs([
            "senders.yaml": try FlowFixture.repositoryFile("senders.yaml"),
            "flows/opt-in.yaml": try FlowFixture.repositoryFile("flows/opt-in.yaml"),
        ])
        try compare(try #require(programs.first).dump(), with: "opt-in.txt")
    }

    @Test("a flow with every kind of node")
    func kitchenSink() throws {
        let yaml = try String(contentsOf: Self.goldenDirectory.appendingPathComponent("kitchen-sink.yaml"), encoding: .utf8)
        let programs = try FlowFixture.programs(["flows/kitchen-sink.yaml": yaml, "flows/elsewhere.yaml": Self.elsewhere])
        try compare(try #require(programs.first { $0.name == "kitchen-sink" }).dump(), with: "kitchen-sink.txt")
    }

    static let elsewhere = """
        kind: Flow
        name: elsewhere
        start: done
        nodes:
          done: { end: true }
        """

    private func compare(_ actual: String, with name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = Self.goldenDirectory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(file.path) differs; re-record with RECORD_GOLDEN=1 if the change is intended", sourceLocation: sourceLocation)
    }
}
