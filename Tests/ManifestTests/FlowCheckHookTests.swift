import Foundation
import Synchronization
import Templates
import Testing

@testable import Manifest

/// The validator's hook for a further check of each flow (the engine plugs the compiler in).
@Suite("Validator flow check")
struct FlowCheckHookTests {
    @Test("every flow that passed the rules is checked once, with its parsed templates, and what it finds is reported")
    func hookRunsAndReports() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flowcheck-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("flows"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "kind: Sender\nname: s\nphone: \"+15550100001\"\n".write(
            to: directory.appendingPathComponent("senders.yaml"), atomically: true, encoding: .utf8)
        try """
        kind: Flow
        name: hi
        triggers: [{ keywords: [hi] }]
        start: a
        nodes:
          a: { send: "Hello <<contact.name>>", next: end }
        """.write(to: directory.appendingPathComponent("flows/hi.yaml"), atomically: true, encoding: .utf8)
        let seen = Mutex<[String: [String]]>([:])
        var validator = Validator(directory: directory.path)
        validator.flowCheck = { flow, parsed in
            seen.withLock { $0[flow.header.name] = parsed.keys.sorted() }
            return [Diagnostic(.warning, .invalidValue, "checked", at: flow.header.location, resource: flow.header.id)]
        }
        let report = try validator.validate()
        #expect(seen.withLock { $0 } == ["hi": ["Hello <<contact.name>>"]])
        #expect(report.diagnostics.map(\.summary) == ["checked"])
    }
}
