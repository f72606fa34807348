import ArgumentParser
import Foundation
import Manifest
import Store

/// `engine test [DIR]`: plays the conversation scenarios of `DIR/tests/` against the flows.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Play the conversation scenarios in DIR/tests/ against the flows.",
        discussion: """
            Each YAML document in DIR/tests/*.yaml is a scenario: what a contact writes (say, tap), what the engine must answer (expect, expectNothing), canned answers for HTTP nodes (http) and time passing (wait). Scenarios run on a throwaway state and virtual time: no network, no transport, no waiting. An HTTP call without a stub fails the scenario.

            Prints PASS or FAIL per scenario with the expected and actual message of the first failing step; --junit FILE also writes JUnit XML for CI.

            Exit codes: 0 every scenario passed (or there are none), 1 a scenario failed, a scenario file is invalid or the configuration is invalid, 64 usage error.
            """
    )

    @Argument(help: "The configuration directory.", completion: .directory)
    var directory: String = "."

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Run only scenarios whose name contains this text.", valueName: "text"))
    var filter: String?

    func run() throws {
        let directory = directory, junit = junit, filter = filter
        try AsyncBridge.wait { try await Self.test(directory: directory, junit: junit, filter: filter) }
    }

    /// Virtual time starts here in every scenario: a Monday morning, so business hours
    /// and day windows behave the same on every run.
    static let origin = Date(timeIntervalSince1970: 1_767_607_200)  // 2026-01-05T10:00:00Z

    static func test(directory: String, junit: String?, filter: String?) async throws {
        _ = Engine.bootstrapLogging()
        let report = try ConfigurationInput.load(directory)
        let loader = ScenarioLoader(directory: URL(fileURLWithPath: report.configuration.directory))
        var results: [ScenarioResult] = []
        var loadErrors: [ScenarioError] = []
        for file in loader.files() {
            let (scenarios, errors) = loader.load(file)
            loadErrors += errors
            for scenario in scenarios where filter.map({ scenario.name.localizedCaseInsensitiveContains($0) }) ?? true {
                results.append(await run(scenario, configuration: report.configuration))
            }
        }
        Terminal.standardOutput.write(ScenarioReport.text(results, loadErrors: loadErrors))
        if let junit {
            do {
                try Data(ScenarioReport.junit(results, loadErrors: loadErrors).utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                Terminal.standardError.write("error: cannot write \(junit): \(error.localizedDescription)\n")
                throw ExitCode.failure
            }
        }
        if !loadErrors.isEmpty || results.contains(where: { !$0.passed }) { throw ExitCode.failure }
    }

    /// One scenario on a fresh in-memory state.
    static func run(_ scenario: Scenario, configuration: Configuration) async -> ScenarioResult {
        let clock = VirtualClock(origin: origin)
        let stubs = StubHTTPClient(scenario.httpStubs)
        var conversation: EngineConversation
        do {
            let store = try SQLiteStore.inMemory(now: { clock.date })
            conversation = try await EngineConversation.start(
                configuration: configuration, store: store, clock: clock, sender: scenario.sender, contactPhone: scenario.contactPhone,
                contactName: scenario.contactName, http: stubs, stubs: stubs)
        } catch {
            let failure = ScenarioResult.Failure(location: scenario.location, step: 0, message: "cannot start: \(error)")
            return ScenarioResult(scenario: scenario, failure: failure, seconds: 0)
        }
        return await ScenarioRunner.run(scenario, driver: &conversation)
    }
}
