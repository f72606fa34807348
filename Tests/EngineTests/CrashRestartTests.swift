import Foundation
import Store
import TestSupport
import Testing
import Transports

/// `kill -9` during a campaign, again and again: nothing is sent twice, nothing is skipped.
@Suite("crash and restart", .timeLimit(.minutes(2)))
struct CrashRestartTests {
    static let contacts = 120

    @Test("a campaign killed with SIGKILL three times sends each contact at most once and settles every one")
    func killNine() async throws {
        let directory = try Self.campaignDirectory()
        let statePath = directory.url.appendingPathComponent(".engine/state.db").path
        for round in 0..<4 {
            let engine = try RunningEngine(in: directory.url)
            if round < 3 {
                // Let it send some of the campaign, then kill it without warning.
                let target = (round + 1) * Self.contacts / 4
                try await waitUntil(timeout: .seconds(60), "round \(round) sends \(target)") { (try? Self.settled(statePath)) ?? 0 >= target }
                engine.kill()
            } else {
                try await waitUntil(timeout: .seconds(60), "the campaign completes") {
                    (try? SQLiteStore(path: statePath).snapshot().campaigns["all"]?.state) == .completed
                }
                #expect(engine.stop().status == 0)
            }
        }
        let store = try SQLiteStore(path: statePath)
        let progress = try store.campaignProgress()["all"] ?? [:]
        #expect(progress.values.reduce(0, +) == Self.contacts)
        #expect(progress[.pending] == nil && progress[.queued] == nil && progress[.sending] == nil, "\(progress)")
        // Each contact reached the simulator at most once: an interrupted send is marked
        // unknown, never repeated.
        let sends = try store.simulatorMessages(sender: "s1", limit: 10_000)
        let perRecipient = Dictionary(grouping: sends, by: \.recipient)
        #expect(perRecipient.values.allSatisfy { $0.count == 1 }, "a contact got two messages")
        #expect(perRecipient.count + (progress[.unknown] ?? 0) >= Self.contacts, "every contact was sent or marked unknown")
    }

    /// A directory with one simulator sender and a running, unpaced campaign to every contact.
    static func campaignDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let rows = (1...Self.contacts).map { String(format: "+1555010%04d,Contact %d", $0, $0) }
        try directory.write("contacts/all.csv", "phone,name\n" + rows.joined(separator: "\n") + "\n")
        try directory.write(
            "config.yaml",
            """
            kind: Sender
            name: s1
            phone: "+15550100001"
            quota: { perMinute: 100000, perHour: 100000, perDay: 100000 }
            simulator: { latency: 5ms-20ms, seed: 7 }
            ---
            kind: Campaign
            name: all
            state: running
            senders: [s1]
            message: "Hi <<contact.name>>"
            pacing: { minDelay: 0s, maxDelay: 0s, typing: false }
            contacts: contacts/all.csv
            """)
        return directory
    }

    @Test("SIGTERM mid-campaign lets the sends in flight finish: after a restart each contact has exactly one message, none unknown")
    func terminateAndRestart() async throws {
        let directory = try Self.campaignDirectory()
        let statePath = directory.url.appendingPathComponent(".engine/state.db").path
        for round in 0..<2 {
            let engine = try RunningEngine(in: directory.url)
            if round == 0 {
                try await waitUntil(timeout: .seconds(60), "half the campaign is sent") { (try? Self.settled(statePath)) ?? 0 >= Self.contacts / 2 }
            } else {
                try await waitUntil(timeout: .seconds(60), "the campaign completes") {
                    (try? SQLiteStore(path: statePath).snapshot().campaigns["all"]?.state) == .completed
                }
            }
            #expect(engine.stop().status == 0)
        }
        let store = try SQLiteStore(path: statePath)
        let progress = try store.campaignProgress()["all"] ?? [:]
        #expect(progress.values.reduce(0, +) == Self.contacts)
        #expect(progress[.unknown] == nil, "a graceful stop cut a send off: \(progress)")
        let sends = try store.simulatorMessages(sender: "s1", limit: 10_000)
        #expect(sends.count == Self.contacts)
        #expect(Set(sends.map(\.recipient)).count == Self.contacts)
    }

    /// Campaign contacts with an outcome or in flight.
    static func settled(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        let progress = try SQLiteStore(path: path).campaignProgress()["all"] ?? [:]
        return progress.filter { $0.key != .pending && $0.key != .queued }.values.reduce(0, +)
    }
}
