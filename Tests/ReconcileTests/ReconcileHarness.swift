import Foundation
import Manifest
import Reconcile
import Store
import Testing

/// A configuration directory in a temporary folder, a real SQLite store, and a fixed
/// clock: everything a plan or apply test needs.
final class ReconcileHarness {
    let directory: URL
    let store: SQLiteStore
    var now = Date(timeIntervalSince1970: 1_795_766_400)  // 2026-11-27T08:00:00Z, a Friday
    var environment: [String: String] = ["WA_TOKEN": "token-1", "WA_APP_SECRET": "app-secret", "WA_VERIFY_TOKEN": "verify"]

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-reconcile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent(".engine/state.db").path)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func write(_ path: String, _ contents: String) throws {
        let file = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: file, atomically: true, encoding: .utf8)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: directory.appendingPathComponent(path))
    }

    func validate(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ValidationReport {
        let report = try Validator(directory: directory.path, currentDirectory: directory.path).validate()
        #expect(report.isValid(), "\(report.diagnostics.map { "\($0.location) \($0.code) \($0.summary)" })", sourceLocation: sourceLocation)
        return report
    }

    func planner(_ report: ValidationReport, allowsEmpty: Bool = false) -> Planner {
        var planner = Planner(report: report, store: store, resolver: SecretResolver(environment: environment, directory: directory.path), now: now)
        planner.allowsEmpty = allowsEmpty
        return planner
    }

    /// Plans the current files against the store.
    func plan(allowsEmpty: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (
        Plan, [ResourceKey: DesiredResource], ValidationReport
    ) {
        let report = try validate(sourceLocation: sourceLocation)
        let planner = planner(report, allowsEmpty: allowsEmpty)
        let (desired, problems) = planner.desiredResources()
        #expect(problems.isEmpty, "\(problems.map(\.summary))", sourceLocation: sourceLocation)
        let hash = planner.contentHash()
        return (try planner.plan(desired: desired, revision: "test-revision", contentHash: hash), desired, report)
    }

    /// Plans and applies; returns the plan that was applied.
    @discardableResult
    func apply(allowsEmpty: Bool = false, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Plan {
        let (plan, desired, report) = try plan(allowsEmpty: allowsEmpty, sourceLocation: sourceLocation)
        let outcome = Applier(report: report, store: store, now: now).apply(plan, desired: desired)
        #expect(outcome.failure == nil, "\(String(describing: outcome.failure?.error.message))", sourceLocation: sourceLocation)
        return plan
    }

    /// Compares with a golden file under Snapshots/, the directory path masked.
    func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        var masked = text.replacingOccurrences(of: directory.path, with: "<dir>")
        // The lineage is a random id made by the first apply.
        if let lineage = try? store.snapshot().lineage, !lineage.isEmpty {
            masked = masked.replacingOccurrences(of: lineage, with: "<lineage>")
        }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try masked.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(masked == expected, "\(name) differs; re-record with RECORD_GOLDEN=1 if intended", sourceLocation: sourceLocation)
    }

    static let senders = """
        kind: Settings
        name: default
        defaultCountryCode: "1"
        timezone: America/New_York
        ---
        kind: Sender
        name: sales-1
        phone: "+15550100001"
        ---
        kind: Sender
        name: sales-2
        phone: "+15550100002"
        quota: { perMinute: 10, perHour: 300, perDay: 2000 }
        ---
        kind: Sender
        name: meta
        transport: cloud-api
        phone: "+15550100003"
        phoneNumberId: "106540352242922"
        accessToken: ${env:WA_TOKEN}
        appSecret: ${env:WA_APP_SECRET}
        verifyToken: ${env:WA_VERIFY_TOKEN}

        """

    static let campaign = """
        kind: Campaign
        name: black-friday
        state: running
        senders: [sales-1, sales-2]
        message: "Hi <<contact.name>>, 20% off in <<contact.city>> today."
        contacts: contacts/black-friday.csv
        schedule: { window: { days: mon-fri, from: "09:00", to: "18:00" } }

        """

    static func contacts(_ range: ClosedRange<Int>) -> String {
        "phone,name,city\n" + range.map { "+1555020\(String(format: "%04d", $0)),Person \($0),Boston" }.joined(separator: "\n") + "\n"
    }

    static let flow = """
        kind: Flow
        name: support
        triggers: [{ keywords: [help] }]
        start: ask
        nodes:
          ask: { send: "How can we help?", next: wait }
          wait: { wait: { save: question, timeout: 10m }, next: thanks, timeout: end }
          thanks: { send: "Thanks, <<vars.question>> noted.", next: end }

        """

    static let broadcast = """
        kind: BroadcastList
        name: vip
        sender: sales-1
        members: [{ phone: "+15550300001", name: Ann }, { phone: "+15550300002", name: Bo }]
        sends:
          - { id: launch, message: "We launched, <<contact.name>>!" }

        """
}
