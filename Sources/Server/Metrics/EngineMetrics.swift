import Prometheus
import Synchronization

/// The engine's Prometheus metrics (`GET /metrics`, text format).
///
/// Counters and the webhook histogram are kept as events happen; the outbox, quota and
/// sender gauges are read from the store at each scrape (``update(with:)``), so they are
/// right after a restart and cost nothing between scrapes.
///
/// | series | kind | labels |
/// |---|---|---|
/// | `engine_messages` | gauge | `sender` (empty before the first claim), `state` |
/// | `engine_outbox_depth` | gauge | `origin` (queued messages by resource kind) |
/// | `engine_sender_quota_used`, `engine_sender_quota_limit` | gauge | `sender`, `window` (minute, hour, day) |
/// | `engine_sender_health` | gauge | `sender` (0...100) |
/// | `engine_sender_paused`, `engine_sender_connected` | gauge | `sender` (0 or 1) |
/// | `engine_reloads_total` | counter | `outcome` (applied, invalid, failed) |
/// | `engine_webhook_duration_seconds` | histogram | `route`, `status` |
public final class EngineMetrics: Sendable {
    /// What became of a configuration reload.
    public enum ReloadOutcome: String, Sendable, Hashable, CaseIterable {
        /// The new revision was applied.
        case applied
        /// The files were invalid: the last valid revision keeps running.
        case invalid
        /// Applying the valid files failed (store, secrets): the last revision keeps running.
        case failed
    }

    /// The registry every series lives in.
    public let registry = PrometheusCollectorRegistry()
    private let reloads: [ReloadOutcome: Counter]
    /// The gauges the last scrape set, by name and labels, so a sender or state that is
    /// gone disappears instead of keeping its last value.
    private let gauges = Mutex<[GaugeKey: Gauge]>([:])

    /// The webhook latency buckets: a stored webhook answers in milliseconds.
    static let webhookBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
    ]

    /// Creates the metrics, every reload outcome at 0 so that rates work from the start.
    public init() {
        let descriptor = MetricNameDescriptor(
            namespace: "engine", metricName: "reloads", unitName: "total", helpText: "Configuration reloads by outcome (applied, invalid, failed).")
        var reloads: [ReloadOutcome: Counter] = [:]
        for outcome in ReloadOutcome.allCases {
            reloads[outcome] = registry.makeCounter(descriptor: descriptor, labels: [("outcome", outcome.rawValue)])
        }
        self.reloads = reloads
    }

    /// Counts a reload's outcome; the hot-reload code calls it after each attempt.
    public func reloadOutcome(_ outcome: ReloadOutcome) {
        reloads[outcome]?.increment()
    }

    /// Records how long a webhook request took, by route (`/webhooks/gateway/{sender}`) and status.
    public func recordWebhook(route: String, status: Int, duration: Duration) {
        let descriptor = MetricNameDescriptor(
            namespace: "engine", metricName: "webhook_duration", unitName: "seconds",
            helpText: "Time from a webhook request to its answer (after its events are stored).")
        registry.makeDurationHistogram(descriptor: descriptor, labels: [("route", route), ("status", String(status))], buckets: Self.webhookBuckets)
            .record(duration)
    }

    /// Sets the store's gauges from `snapshot`, removing those it no longer has.
    public func update(with snapshot: MetricsSnapshot) {
        var values: [GaugeKey: Double] = [:]
        for count in snapshot.messages {
            values[GaugeKey(.messages, [("sender", count.sender), ("state", count.state)])] = Double(count.count)
        }
        for (origin, depth) in snapshot.outboxDepth {
            values[GaugeKey(.outboxDepth, [("origin", origin)])] = Double(depth)
        }
        for sender in snapshot.senders {
            for window in sender.quota {
                values[GaugeKey(.quotaUsed, [("sender", sender.name), ("window", window.window)])] = Double(window.used)
                values[GaugeKey(.quotaLimit, [("sender", sender.name), ("window", window.window)])] = Double(window.limit)
            }
            values[GaugeKey(.health, [("sender", sender.name)])] = Double(sender.health)
            values[GaugeKey(.paused, [("sender", sender.name)])] = sender.paused ? 1 : 0
            values[GaugeKey(.connected, [("sender", sender.name)])] = sender.connected ? 1 : 0
        }
        gauges.withLock { gauges in
            for (key, gauge) in gauges where values[key] == nil {
                registry.unregisterGauge(gauge)
                gauges[key] = nil
            }
            for (key, value) in values {
                let gauge = gauges[key] ?? registry.makeGauge(descriptor: key.series.descriptor, labels: key.labels.map { ($0.name, $0.value) })
                gauge.set(value)
                gauges[key] = gauge
            }
        }
    }

    /// Every series in Prometheus' text format.
    public func exposition() -> String {
        registry.emitToString()
    }
}

/// A gauge series of ``EngineMetrics``.
enum GaugeSeries: String, Hashable, CaseIterable {
    case messages, outboxDepth, quotaUsed, quotaLimit, health, paused, connected

    var descriptor: MetricNameDescriptor {
        switch self {
        case .messages:
            MetricNameDescriptor(namespace: "engine", metricName: "messages", unitName: "", helpText: "Outbox messages by sender and state.")
        case .outboxDepth:
            MetricNameDescriptor(
                namespace: "engine", metricName: "outbox_depth", unitName: "",
                helpText: "Queued outbox messages by the kind of resource that queued them.")
        case .quotaUsed:
            MetricNameDescriptor(
                namespace: "engine", subsystem: "sender", metricName: "quota_used", unitName: "",
                helpText: "Sends in each quota window (minute, hour, day) ending now.")
        case .quotaLimit:
            MetricNameDescriptor(
                namespace: "engine", subsystem: "sender", metricName: "quota_limit", unitName: "", helpText: "Each quota window's limit.")
        case .health:
            MetricNameDescriptor(namespace: "engine", subsystem: "sender", metricName: "health", unitName: "", helpText: "Sender health, 0 to 100.")
        case .paused:
            MetricNameDescriptor(
                namespace: "engine", subsystem: "sender", metricName: "paused", unitName: "", helpText: "1 while the sender is paused.")
        case .connected:
            MetricNameDescriptor(
                namespace: "engine", subsystem: "sender", metricName: "connected", unitName: "", helpText: "1 while the sender reports connected.")
        }
    }
}

/// A gauge by series and labels.
struct GaugeKey: Hashable {
    struct Label: Hashable {
        var name: String
        var value: String
    }

    var series: GaugeSeries
    var labels: [Label]

    init(_ series: GaugeSeries, _ labels: [(String, String)]) {
        self.series = series
        self.labels = labels.map { Label(name: $0.0, value: $0.1) }
    }
}
