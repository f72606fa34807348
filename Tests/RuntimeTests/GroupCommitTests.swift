import Flows
import Foundation
import GRDB
import Runtime
import Store
import Testing
import Transports

@Suite("FlowRunner group commits", .timeLimit(.minutes(1)))
struct GroupCommitTests {
    /// Contacts that write at the same moment, so that their messages share transactions.
    static let contacts = (0..<24).map { "+1555020\(1_000 + $0)" }

    /// Hands every message to the runner at once; the outcomes, in the order of `messages`.
    func handleAtOnce(_ messages: [ReceivedMessage], on runner: FlowRunner) async -> [Result<InboundDisposition, RuntimeError>] {
        await withTaskGroup(of: (Int, Result<InboundDisposition, RuntimeError>).self) { group in
            for (index, message) in messages.enumerated() {
                group.addTask {
                    do throws(RuntimeError) {
                        return (index, .success(try await runner.handle(message)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var outcomes: [(Int, Result<InboundDisposition, RuntimeError>)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    func isStarted(_ outcome: Result<InboundDisposition, RuntimeError>) -> Bool {
        if case .success(.started("survey", _, _)) = outcome { true } else { false }
    }

    func isResumed(_ outcome: Result<InboundDisposition, RuntimeError>) -> Bool {
        if case .success(.resumed(flow: "survey", _)) = outcome { true } else { false }
    }

    @Test("messages of many conversations at once all land, each conversation's in order")
    func manyConversationsAtOnce() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])

        let starts = await handleAtOnce(Self.contacts.map { world.message("survey", from: $0) }, on: world.runner)
        #expect(starts.allSatisfy(isStarted))
        let replies = await handleAtOnce(Self.contacts.map { world.message("4", from: $0) }, on: world.runner)
        #expect(replies.allSatisfy(isResumed))

        for contact in Self.contacts {
            #expect(try world.texts(to: contact) == ["Hi Ann W.! How many stars?", "Thanks for 4 stars"])
        }
        #expect(try world.executions().allSatisfy { $0.status == "ended" && $0.endedReason == "completed" && $0.sequence == 2 })
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 0)
        let thanks = try await world.runner.counters(flow: "survey").first { $0.key == "node:thanks" }
        #expect(thanks?.count == Self.contacts.count)
    }

    @Test("a step that fails leaves the other messages it arrived with committed, and waits in the inbox")
    func failingStepDoesNotSinkTheOthers() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        let starts = await handleAtOnce(Self.contacts.map { world.message("survey", from: $0) }, on: world.runner)
        #expect(starts.allSatisfy(isStarted))
        let failing = Self.contacts[7]
        try await world.database().write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER injected_failure BEFORE INSERT ON outbox WHEN NEW.recipient = '\(failing)'
                    BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                    """)
        }

        let replies = await handleAtOnce(Self.contacts.map { world.message("5", from: $0) }, on: world.runner)

        for (contact, outcome) in zip(Self.contacts, replies) {
            if contact == failing {
                guard case .failure(let error) = outcome else {
                    Issue.record("the failing contact's reply did not fail: \(outcome)")
                    continue
                }
                #expect(error.code == .store)
                #expect(try world.texts(to: contact) == ["Hi Ann W.! How many stars?"])
            } else {
                #expect(isResumed(outcome), "\(contact): \(outcome)")
                #expect(try world.texts(to: contact) == ["Hi Ann W.! How many stars?", "Thanks for 5 stars"])
            }
        }
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 1, "only the failing reply waits")

        try await world.database().write { db in try db.execute(sql: "DROP TRIGGER injected_failure") }
        let recovery = try await world.restart()
        #expect(recovery?.processedMessages == 1)
        #expect(try world.texts(to: failing) == ["Hi Ann W.! How many stars?", "Thanks for 5 stars"])
        let thanks = try await world.runner.counters(flow: "survey").first { $0.key == "node:thanks" }
        #expect(thanks?.count == Self.contacts.count, "every step counted once")
    }

    @Test("HTTP results that come back together land together, each in its conversation's order")
    func httpResultsAtOnce() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json(#"{"status":"shipped","items":["tea","cake"]}"#))
        let world = try await RunnerWorld(
            ["flows/order.yaml": HTTPNodeTests.orderFlow(url: server.url("/orders"))], settings: HTTPNodeTests.secrets)

        let outcomes = await handleAtOnce(Self.contacts.map { world.message("order", from: $0) }, on: world.runner)

        #expect(outcomes.allSatisfy { if case .success(.started("order", _, _)) = $0 { true } else { false } })
        for contact in Self.contacts {
            #expect(try world.texts(to: contact) == ["Order is shipped (tea)"])
        }
        #expect(try world.executions().allSatisfy { $0.status == "ended" && $0.endedReason == "completed" })
        #expect(try world.count("flow_http_calls") == 0)
        #expect(try world.count("inbound_messages", where: "processed_at IS NULL") == 0)
    }

    @Test("an HTTP result whose step fails does not sink the others; its call is made again after a restart")
    func failingHTTPResultDoesNotSinkTheOthers() async throws {
        let server = try LoopbackHTTPServer()
        defer { server.stop() }
        server.script("/orders", .json(#"{"status":"shipped","items":["tea","cake"]}"#))
        let world = try await RunnerWorld(
            ["flows/order.yaml": HTTPNodeTests.orderFlow(url: server.url("/orders"))], settings: HTTPNodeTests.secrets)
        let failing = Self.contacts[5]
        try await world.database().write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER injected_failure BEFORE INSERT ON outbox WHEN NEW.recipient = '\(failing)'
                    BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                    """)
        }

        let outcomes = await handleAtOnce(Self.contacts.map { world.message("order", from: $0) }, on: world.runner)

        for (contact, outcome) in zip(Self.contacts, outcomes) {
            if contact == failing {
                guard case .failure(let error) = outcome else {
                    Issue.record("the failing contact's result did not fail: \(outcome)")
                    continue
                }
                #expect(error.code == .store)
                #expect(try world.texts(to: contact).isEmpty)
            } else {
                #expect(try world.texts(to: contact) == ["Order is shipped (tea)"], "\(contact): \(outcome)")
            }
        }
        #expect(try world.count("flow_http_calls") == 1, "only the failing execution still waits for its call")

        try await world.database().write { db in try db.execute(sql: "DROP TRIGGER injected_failure") }
        let recovery = try await world.restart()
        #expect(recovery?.reissuedCalls == 1)
        #expect(try world.texts(to: failing) == ["Order is shipped (tea)"])
        #expect(try world.count("flow_http_calls") == 0)
    }

    @Test("a message delivered twice at the same moment is processed once")
    func duplicatesAtOnce() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        let message = world.message("survey", id: "wamid.twice")

        let outcomes = await handleAtOnce([message, message, world.message("survey", from: RunnerWorld.bob)], on: world.runner)

        #expect(outcomes.filter(isStarted).count == 2)
        #expect(outcomes.contains { if case .success(.duplicate) = $0 { true } else { false } })
        #expect(try world.texts() == ["Hi Ann W.! How many stars?"])
        #expect(try world.count("inbound_messages") == 2)
    }

    @Test("an execution moved on by another process is read again, never stepped from memory")
    func anotherProcessMovesAnExecution() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey])
        try await world.say("survey")
        // A second engine process on the same database answers the survey.
        let otherStore = try SQLiteStore(path: world.databasePath, now: { RunnerWorld.epoch })
        let other = FlowRunner(store: otherStore, httpClient: world.http, clock: world.clock, now: { RunnerWorld.epoch })
        try await other.deploy(world.configuration())
        guard case .resumed = try await other.handle(world.message("4")) else {
            Issue.record("the other process did not resume the survey")
            return
        }

        // This runner last wrote the survey waiting for a reply; the store says it ended.
        #expect(try await world.say("3") == .noMatch)
        #expect(try world.texts() == ["Hi Ann W.! How many stars?", "Thanks for 4 stars"])
        guard case .started("survey", let id, _) = try await world.say("survey") else {
            Issue.record("a new survey did not start")
            return
        }
        #expect(id == 2)
    }
}
