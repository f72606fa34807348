import Foundation
import Server
import Testing

@Suite("EngineMetrics")
struct EngineMetricsTests {
    @Test("/metrics shows messages, outbox depth, quota use, health, reloads and webhook latency in Prometheus text")
    func series() async throws {
        try await APIWorld.run { world in
            world.metrics.reloadOutcome(.invalid)
            world.metrics.reloadOutcome(.applied)
            world.metrics.reloadOutcome(.applied)
            _ = try await world.request(.post, "/simulator/inbound", token: nil, body: #"{"sender": "sim", "from": "+15550109001", "text": "hi"}"#)
            let answer = try await world.get("/metrics", token: nil)
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = Set(answer.text.split(separator: "\n").map(String.init))
            for line in [
                #"engine_messages{sender="sales-1",state="sent"} 5.0"#,
                #"engine_messages{sender="",state="queued"} 2.0"#,
                #"engine_outbox_depth{origin="campaign"} 2.0"#,
                #"engine_sender_quota_used{sender="sales-1",window="minute"} 3.0"#,
                #"engine_sender_quota_limit{sender="sales-1",window="minute"} 20.0"#,
                #"engine_sender_health{sender="sales-1"} 95.0"#,
                #"engine_sender_paused{sender="sales-1"} 0.0"#,
                #"engine_sender_connected{sender="sales-1"} 1.0"#,
                #"engine_reloads_total{outcome="applied"} 2"#,
                #"engine_reloads_total{outcome="invalid"} 1"#,
                #"engine_reloads_total{outcome="failed"} 0"#,
                #"engine_webhook_duration_seconds_count{route="/simulator/inbound",status="202"} 1"#,
                "# TYPE engine_webhook_duration_seconds histogram",
                "# TYPE engine_reloads_total counter",
                "# TYPE engine_messages gauge",
            ] {
                #expect(lines.contains(line), "missing \(line)")
            }
        }
    }

    @Test("a sender or state gone from the store disappears from the gauges")
    func staleGauges() {
        let metrics = EngineMetrics()
        metrics.update(
            with: MetricsSnapshot(
                messages: [MetricsSnapshot.MessageCount(sender: "old", state: "sent", count: 1)],
                senders: [MetricsSnapshot.Sender(name: "old", quota: [], health: 80, paused: true, connected: false)]))
        #expect(metrics.exposition().contains(#"engine_sender_health{sender="old"} 80.0"#))
        metrics.update(with: MetricsSnapshot(messages: [MetricsSnapshot.MessageCount(sender: "new", state: "sent", count: 2)]))
        let text = metrics.exposition()
        #expect(!text.contains(#"sender="old""#))
        #expect(text.contains(#"engine_messages{sender="new",state="sent"} 2.0"#))
    }

    @Test("a failing store read still answers the counters")
    func failingSnapshot() async throws {
        struct Broken: Error {}
        try await APIWorld.run(source: StubDataSource(failure: Broken())) { world in
            world.metrics.reloadOutcome(.failed)
            let answer = try await world.get("/metrics", token: nil)
            #expect(answer.status == .ok)
            #expect(answer.text.contains(#"engine_reloads_total{outcome="failed"} 1"#))
        }
    }
}
