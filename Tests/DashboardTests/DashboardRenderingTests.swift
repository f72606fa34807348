import Foundation
import QRCodes
import Testing

@testable import Dashboard

/// The page for whole models: golden files, escaping, empty states.
///
/// Re-record the golden files with `RECORD_GOLDEN=1 swift test --filter DashboardTests`; a
/// recording run fails on purpose. `scripts/dashboard-screenshot.sh` screenshots them.
@Suite("Dashboard rendering")
struct DashboardRenderingTests {
    @Test("a busy engine with a broken configuration renders as recorded")
    func busyGolden() throws {
        try expectGolden(try Dashboard.render(try Fixtures.busy()), "dashboard.html")
    }

    @Test("a new engine renders as recorded")
    func emptyGolden() throws {
        try expectGolden(try Dashboard.render(Fixtures.empty), "empty.html")
    }

    @Test("an empty model shows every empty state and no error banner")
    func emptyStates() throws {
        let html = try Dashboard.render(Fixtures.empty)
        #expect(html.contains("No revision applied yet"))
        #expect(html.contains("No senders configured."))
        #expect(html.contains("No campaigns."))
        #expect(html.contains("No flows."))
        #expect(html.contains("No messages yet."))
        #expect(!html.contains("role=\"alert\""))
        #expect(!html.contains("<table"))
    }

    @Test("the page reloads itself and carries no script")
    func refreshesWithoutScript() throws {
        let html = try Dashboard.render(try Fixtures.busy())
        #expect(html.contains("<meta http-equiv=\"refresh\" content=\"\(Dashboard.refreshInterval)\">"))
        #expect(!html.lowercased().contains("<script"))
    }

    @Test("the configuration error is a banner with every diagnostic")
    func errorBanner() throws {
        let html = try Dashboard.render(try Fixtures.busy())
        #expect(html.contains("<section class=\"banner\" role=\"alert\">"))
        #expect(html.contains("<code class=\"location\">flows/support.yaml:14:9</code>"))
        #expect(html.contains("The engine keeps running revision <code>a1b2c3d4e5f6</code>"))
    }

    @Test("hostile text is escaped wherever it appears")
    func escapesUserText() throws {
        let hostile = "<script>alert(\"x\")</script>"
        let model = DashboardModel(
            generatedAt: Fixtures.now, applied: .init(revision: hostile, appliedAt: Fixtures.now),
            configurationError: .init(reason: hostile, diagnostics: [.init(file: hostile, line: 1, column: 1, message: hostile)]),
            senders: [
                .init(
                    name: hostile, transport: hostile, phone: hostile, connection: .connected, health: 50, pausedReason: hostile,
                    perMinute: .init(used: 1, limit: 2), perHour: .init(used: 1, limit: 2), perDay: .init(used: 1, limit: 2))
            ],
            campaigns: [.init(name: hostile, state: .running, total: 1)],
            flows: [.init(name: hostile, version: hostile, activeExecutions: 1, nodeCounts: [.init(node: hostile, count: 1)])],
            messages: [.init(time: Fixtures.now, direction: .inbound, sender: hostile, contact: hostile, state: .received, preview: hostile)])
        let html = try Dashboard.render(model)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        // The preview also sits in a title attribute: the quote must not close it.
        #expect(html.contains("title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\""))
    }

    @Test("mustache tags in user text stay text")
    func userTextIsNotATemplate() throws {
        let model = DashboardModel(
            generatedAt: Fixtures.now,
            messages: [.init(time: Fixtures.now, direction: .inbound, sender: "s", contact: "c", state: .received, preview: "{{{generatedAt}}}")])
        #expect(try Dashboard.render(model).contains("<td class=\"preview\" title=\"{{{generatedAt}}}\">{{{generatedAt}}}</td>"))
    }

    @Test("the pairing code is drawn only while the sender waits for a scan")
    func pairingCode() throws {
        let code = try Fixtures.pairingCode()
        func sender(_ connection: DashboardModel.Sender.Connection) -> DashboardModel.Sender {
            .init(
                name: "s", transport: "gateway", phone: "+15550100003", connection: connection, health: 100,
                perMinute: .init(used: 0, limit: 1), perHour: .init(used: 0, limit: 1), perDay: .init(used: 0, limit: 1), pairingCode: code)
        }
        let waiting = try Dashboard.render(DashboardModel(generatedAt: Fixtures.now, senders: [sender(.waitingForScan)]))
        #expect(waiting.contains(code.svg(moduleSize: 4, quietZone: 2)))
        let connected = try Dashboard.render(DashboardModel(generatedAt: Fixtures.now, senders: [sender(.connected)]))
        #expect(!connected.contains("<svg"))
    }

    @Test("bars are CSS widths clamped to 0...100%")
    func barWidths() throws {
        let model = DashboardModel(
            generatedAt: Fixtures.now,
            senders: [
                .init(
                    name: "s", transport: "simulator", phone: "+1", connection: .connected, health: 140,
                    perMinute: .init(used: 30, limit: 20), perHour: .init(used: 1, limit: 3), perDay: .init(used: 5, limit: 0))
            ],
            campaigns: [.init(name: "c", state: .running, total: 8, sent: 1, delivered: 2, read: 1)])
        let html = try Dashboard.render(model)
        #expect(html.contains("fill fill-good\" style=\"width: 100%\""))
        #expect(html.contains("fill fill-bad\" style=\"width: 100%\""))
        #expect(html.contains("fill fill-info\" style=\"width: 33.3%\""))
        #expect(html.contains("fill fill-info\" style=\"width: 0%\""))
        #expect(html.contains("<span class=\"percent\">50%</span>"))
        #expect(html.contains("segment segment-delivered\" style=\"width: 25%\""))
    }

    private func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] != nil {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
            Issue.record("recorded \(name); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(
            actual == expected, "\(golden.path) differs; re-record with RECORD_GOLDEN=1 if the change is intended", sourceLocation: sourceLocation)
    }
}
