import Foundation
import Manifest
import Store
import Testing
import Transports

@testable import Runtime

@Suite("Inbound router")
struct InboundRouterTests {
    struct World {
        let router: InboundRouter
        let store: SQLiteStore
        let directory: URL
    }

    func world() async throws -> World {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("router-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try """
        kind: Sender
        name: s
        phone: "+15550100001"
        ---
        kind: AutoReply
        name: hello
        message: We'll be right with you.
        delay: 2s
        cooldown: 1h
        ---
        kind: Flow
        name: f
        triggers: [{ keywords: [menu] }]
        start: a
        nodes:
          a: { send: "Menu", next: end }
        """.write(to: directory.appendingPathComponent("config.yaml"), atomically: true, encoding: .utf8)
        let configuration = try Validator(directory: directory.path).validate().configuration
        let store = try SQLiteStore(path: directory.appendingPathComponent("state.db").path)
        let runner = FlowRunner(store: store, httpClient: try CurlHTTPClient())
        _ = try await runner.deploy(configuration)
        return World(router: InboundRouter(configuration: configuration, runner: runner, store: store), store: store, directory: directory)
    }

    func message(_ id: String, _ text: String, at seconds: Double = 0) -> ReceivedMessage {
        ReceivedMessage(
            providerMessageID: id, sender: "s", contactPhone: "+15550109001", text: text,
            receivedAt: Date(timeIntervalSince1970: 1_767_607_200 + seconds))
    }

    @Test("STOP suppresses and confirms once even when delivered twice; START lifts it")
    func consent() async throws {
        let world = try await world()
        defer { try? FileManager.default.removeItem(at: world.directory) }
        #expect(try await world.router.handle(message("m1", "Stop.")) == .optedOut)
        #expect(try await world.router.handle(message("m1", "Stop.")) == .optedOut)
        #expect(try world.store.isSuppressed("+15550109001"))
        #expect(try world.store.outboxEntries(to: "+15550109001", after: 0).map(\.originName) == ["opt-out"])
        #expect(try await world.router.handle(message("m2", "START")) == .optedIn)
        #expect(try !world.store.isSuppressed("+15550109001"))
        #expect(try world.store.outboxEntries(to: "+15550109001", after: 0).map(\.originName) == ["opt-out", "opt-in"])
    }

    @Test("flows come first; what no flow takes gets the auto-reply after its delay, once per cooldown")
    func flowsThenAutoReply() async throws {
        let world = try await world()
        defer { try? FileManager.default.removeItem(at: world.directory) }
        guard case .flow(.started) = try await world.router.handle(message("m1", "menu")) else {
            Issue.record("the flow should take 'menu'")
            return
        }
        let first = try await world.router.handle(message("m2", "anyone?", at: 10))
        #expect(first == .autoReply(name: "hello", sendAt: Date(timeIntervalSince1970: 1_767_607_212)))
        #expect(try await world.router.handle(message("m3", "hello?", at: 20)) == .unanswered)
        let entries = try world.store.outboxEntries(to: "+15550109001", after: 0)
        #expect(entries.map(\.originKind) == ["flow", "auto-reply"])
        #expect(entries.last?.notBefore == Date(timeIntervalSince1970: 1_767_607_212))
    }
}
