import Foundation
import Testing

@testable import Manifest

/// Each directory under `Cases/` is a broken configuration. Its `EXPECT` file lists
/// diagnostics that must be reported (`FILE:LINE:COLUMN CODE`, one a line), and
/// `expected.txt` / `expected.json` are the golden text and JSON outputs.
/// Re-record the golden files with `RECORD_GOLDEN=1 swift test`; a recording run fails
/// on purpose so it is never mistaken for a passing one.
@Suite("Golden diagnostics")
struct GoldenDiagnosticsTests {
    static let casesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")

    static let caseNames: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: casesDirectory.path)) ?? []
        return entries.filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test("there are at least forty broken-configuration cases")
    func enoughCases() {
        #expect(Self.caseNames.count >= 40)
    }

    @Test("reports the expected diagnostics and matches the golden outputs", arguments: caseNames)
    func brokenConfiguration(_ name: String) throws {
        let directory = Self.casesDirectory.appendingPathComponent(name)
        let report = try Validator(directory: directory.path, currentDirectory: directory.path).validate()

        let expectations = try String(contentsOf: directory.appendingPathComponent("EXPECT"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(!expectations.isEmpty)
        let isValid = report.isValid(strict: true)
        #expect(!isValid)
        for expectation in expectations {
            let parts = expectation.split(separator: " ")
            let reported = report.diagnostics.map { "\($0.location) \($0.code)" }
            #expect(reported.contains(expectation), "expected \(parts.last ?? "") at \(parts.first ?? ""); reported: \(reported)")
        }

        let text = DiagnosticRenderer(sources: report.sources).render(report)
        let json = String(decoding: report.jsonDocument(), as: UTF8.self) + "\n"
        try Golden.compare(text, with: directory.appendingPathComponent("expected.txt"))
        try Golden.compare(json, with: directory.appendingPathComponent("expected.json"))
    }
}

/// Golden-file comparison shared by the suites of this module.
enum Golden {
    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil }

    static func compare(_ actual: String, with file: URL, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        if isRecording {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(file.lastPathComponent); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "\(file.path) differs; re-record with RECORD_GOLDEN=1 if the change is intended", sourceLocation: sourceLocation)
    }
}
