import Dashboard
import Foundation
import QRCodes

/// Models the tests render: a busy engine with a broken configuration on disk, and a new one.
enum Fixtures {
    /// 2025-06-02 14:30:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_748_874_600)

    static func minutes(_ minutes: Double) -> Date { now.addingTimeInterval(minutes * 60) }

    /// A pairing code as a gateway hands it out; fixed so the golden file is stable.
    static func pairingCode() throws -> QRCode {
        try QRCode(encoding: "2@kQ4xR7mNpL2vT9wZ1yB6cD8eF0gH3jK5,sVrTqP1oN2mL3kJ4iH5gF6eD7cB8a=,Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg=")
    }

    static let empty = DashboardModel(generatedAt: now)

    static func busy() throws -> DashboardModel {
        DashboardModel(
            generatedAt: now,
            applied: .init(revision: "a1b2c3d4e5f6", appliedAt: minutes(-12)),
            configurationError: .init(
                reason: "flows/support.yaml has 2 errors; the files on disk are not applied",
                diagnostics: [
                    .init(
                        file: "flows/support.yaml", line: 14, column: 9,
                        message: "error[config.unknown-key]: unknown key 'retires'; did you mean 'retries'?"),
                    .init(
                        file: "flows/support.yaml", line: 31, column: 15,
                        message: "error[flow.unknown-node]: 'next' names node 'handof', which does not exist"),
                ]),
            senders: [
                .init(
                    name: "sales-1", transport: "cloud-api", phone: "+15550100001", connection: .connected, health: 96,
                    perMinute: .init(used: 12, limit: 20), perHour: .init(used: 340, limit: 600), perDay: .init(used: 2_480, limit: 5_000)),
                .init(
                    name: "sales-2", transport: "gateway", phone: "+15550100002", connection: .connected, health: 41,
                    pausedReason: "3 consecutive failures: the provider answered 131048 (spam rate limit)",
                    perMinute: .init(used: 0, limit: 20), perHour: .init(used: 540, limit: 600), perDay: .init(used: 5_000, limit: 5_000)),
                .init(
                    name: "support", transport: "gateway", phone: "+15550100003", connection: .waitingForScan, health: 100,
                    perMinute: .init(used: 0, limit: 10), perHour: .init(used: 0, limit: 200), perDay: .init(used: 0, limit: 1_000),
                    pairingCode: try pairingCode()),
                .init(
                    name: "sim", transport: "simulator", phone: "+15550100009", connection: .disconnected, health: 72,
                    perMinute: .init(used: 3, limit: 60), perHour: .init(used: 48, limit: 1_000), perDay: .init(used: 48, limit: 10_000)),
            ],
            campaigns: [
                .init(
                    name: "june-newsletter", state: .running, total: 12_000, sent: 1_200, delivered: 3_400, read: 2_100, failed: 85,
                    queued: 5_215, estimatedCompletion: minutes(100)),
                .init(name: "reactivation-q2", state: .paused, total: 800, sent: 40, delivered: 150, read: 90, failed: 20, queued: 500),
                .init(name: "welcome-series", state: .completed, total: 450, delivered: 120, read: 322, failed: 8),
                .init(name: "summer-sale", state: .scheduled, total: 2_000, queued: 2_000, estimatedCompletion: minutes(60 * 26 + 15)),
            ],
            flows: [
                .init(
                    name: "support", version: "9f8e7d6c5b4a", activeExecutions: 14,
                    nodeCounts: [
                        .init(node: "start", count: 1_240), .init(node: "menu", count: 1_180), .init(node: "orders", count: 420),
                        .init(node: "handoff", count: 96), .init(node: "goodbye", count: 860),
                    ]),
                .init(
                    name: "opt-out", version: "0c1d2e3f4a5b", activeExecutions: 0,
                    nodeCounts: [.init(node: "confirm", count: 37), .init(node: "done", count: 35)]),
                .init(name: "onboarding", version: nil, activeExecutions: 0),
            ],
            messages: [
                .init(
                    time: minutes(-0.2), direction: .inbound, sender: "support", contact: "+447700900123", state: .received,
                    preview: "Hi, where is my order #4411? It was supposed to arrive yesterday."),
                .init(
                    time: minutes(-0.5), direction: .outbound, sender: "sales-1", contact: "+15550123456", state: .read,
                    preview: "Hello Ana! Our June newsletter is here: 20% off everything in the garden range until Sunday."),
                .init(
                    time: minutes(-1), direction: .outbound, sender: "sales-1", contact: "+15550123457", state: .delivered,
                    preview: "Hello Ben! Our June newsletter is here: 20% off everything in the garden range until Sunday."),
                .init(
                    time: minutes(-2), direction: .outbound, sender: "sales-2", contact: "+15550123458", state: .failed,
                    preview: "Hello Chloé! Our June newsletter is here."),
                .init(
                    time: minutes(-3), direction: .outbound, sender: "support", contact: "+447700900123", state: .sent,
                    preview: "1) Orders\n2) Returns\n3) Talk to a person"),
                .init(time: minutes(-4), direction: .inbound, sender: "sim", contact: "Dana", state: .received, preview: "STOP"),
                .init(
                    time: minutes(-6), direction: .outbound, sender: "sales-1", contact: "+15550123459", state: .queued,
                    preview: "[template] order_update (en_US)"),
                .init(
                    time: minutes(-60 * 16), direction: .outbound, sender: "sales-1", contact: "+15550123460", state: .unknown,
                    preview: "Your appointment is confirmed for Tuesday at 10:00."),
            ])
    }
}
