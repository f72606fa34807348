import Foundation
import Manifest

/// Plays a scenario against the engine: the contact's side of the conversation.
protocol ConversationDriver {
    /// The contact writes `text` (or taps `buttonID`); returns what the engine sent back
    /// before it went quiet, oldest first.
    mutating func contactWrites(_ text: String, buttonID: String?) async throws -> [ObservedMessage]

    /// Lets `duration` of virtual time pass; returns what the engine sent meanwhile.
    mutating func advance(by duration: Duration) async throws -> [ObservedMessage]
}

/// How one scenario went.
struct ScenarioResult {
    /// Why a scenario failed: the step, and what was expected against what happened.
    struct Failure: Sendable {
        var location: SourceLocation
        var step: Int
        var message: String
        var expected: String?
        var actual: String?
    }

    var scenario: Scenario
    var failure: Failure?
    var seconds: Double

    var passed: Bool { failure == nil }
}

/// Runs scenarios step by step, comparing each expectation with the next message the
/// engine sent since the previous check.
struct ScenarioRunner {
    /// Runs `scenario` through `driver`; never throws: an engine error fails the step.
    static func run<Driver: ConversationDriver>(_ scenario: Scenario, driver: inout Driver) async -> ScenarioResult {
        let started = ContinuousClock.now
        var pending: [ObservedMessage] = []
        func result(_ failure: ScenarioResult.Failure?) -> ScenarioResult {
            let elapsed = ContinuousClock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return ScenarioResult(scenario: scenario, failure: failure, seconds: seconds)
        }
        for (index, step) in scenario.steps.enumerated() {
            func failure(_ message: String, expected: String? = nil, actual: String? = nil) -> ScenarioResult.Failure {
                ScenarioResult.Failure(location: step.location, step: index + 1, message: message, expected: expected, actual: actual)
            }
            do {
                switch step.action {
                case .say(let text, let buttonID):
                    pending += try await driver.contactWrites(text, buttonID: buttonID)
                case .wait(let duration):
                    pending += try await driver.advance(by: duration)
                case .expect(let expectation):
                    guard !pending.isEmpty else {
                        return result(
                            failure("expected a message, but the engine sent nothing", expected: expectation.description, actual: "nothing"))
                    }
                    let message = pending.removeFirst()
                    guard expectation.matches(message) else {
                        return result(failure("the message differs", expected: expectation.description, actual: message.description))
                    }
                case .expectNothing:
                    guard pending.isEmpty else {
                        return result(
                            failure(
                                "expected no message, but the engine sent \(pending.count)", expected: "nothing",
                                actual: pending.map(\.description).joined(separator: "; ")))
                    }
                }
            } catch {
                return result(failure("the engine failed: \(error)"))
            }
        }
        return result(nil)
    }
}

/// Renders results for people (text) and for CI systems (JUnit XML).
enum ScenarioReport {
    static func text(_ results: [ScenarioResult], loadErrors: [ScenarioError]) -> String {
        var out = ""
        for error in loadErrors { out += "\(error)\n" }
        for result in results {
            out += "\(result.passed ? "PASS" : "FAIL") \(result.scenario.name) (\(result.scenario.file))\n"
            guard let failure = result.failure else { continue }
            out += "  \(failure.location): step \(failure.step): \(failure.message)\n"
            if let expected = failure.expected { out += "    expected: \(expected)\n" }
            if let actual = failure.actual { out += "    actual:   \(actual)\n" }
        }
        let failed = results.filter { !$0.passed }.count
        out += "\(results.count) scenario\(results.count == 1 ? "" : "s"): \(results.count - failed) passed, \(failed) failed"
        if !loadErrors.isEmpty { out += ", \(loadErrors.count) file error\(loadErrors.count == 1 ? "" : "s")" }
        return out + "\n"
    }

    /// JUnit XML: one test suite per file, one test case per scenario; file errors are
    /// test cases with an `<error>`.
    static func junit(_ results: [ScenarioResult], loadErrors: [ScenarioError]) -> String {
        var files: [String] = []
        for file in results.map(\.scenario.file) + loadErrors.map(\.location.file) where !files.contains(file) { files.append(file) }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"engine test\">\n"
        for file in files {
            let cases = results.filter { $0.scenario.file == file }
            let errors = loadErrors.filter { $0.location.file == file }
            let time = cases.reduce(0) { $0 + $1.seconds }
            out +=
                "  <testsuite name=\"\(escape(file))\" tests=\"\(cases.count + errors.count)\" failures=\"\(cases.filter { !$0.passed }.count)\" "
                + "errors=\"\(errors.count)\" time=\"\(String(format: "%.3f", time))\">\n"
            for result in cases {
                out +=
                    "    <testcase name=\"\(escape(result.scenario.name))\" classname=\"\(escape(file))\" time=\"\(String(format: "%.3f", result.seconds))\""
                if let failure = result.failure {
                    out += ">\n      <failure message=\"\(escape(failure.message))\">"
                    var detail = "\(failure.location): step \(failure.step): \(failure.message)"
                    if let expected = failure.expected { detail += "\nexpected: \(expected)" }
                    if let actual = failure.actual { detail += "\nactual:   \(actual)" }
                    out += escape(detail) + "</failure>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            for error in errors {
                out += "    <testcase name=\"\(escape(file))\" classname=\"\(escape(file))\">\n"
                out += "      <error message=\"\(escape(error.message))\">\(escape(error.description))</error>\n    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters even escaped.
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value < 0x20,
                    scalar != "\n", scalar != "\t", scalar != "\r"
                {
                    out += "?"
                } else {
                    out.append(character)
                }
            }
        }
        return out
    }
}
