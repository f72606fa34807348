import Flows
import Foundation
import GRDB
import Manifest
import Runtime
import Store
import TestSupport
import Testing
import Transports

/// Everything one runner test needs, built afresh per test: a configuration directory
/// validated like the engine does, a database file, a manual clock, and the runner over
/// them. ``restart()`` throws the runner and store away and opens new ones over the same
/// file, as a new process would.
final class RunnerWorld {
    /// The instant the manual clock starts at.
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)
    /// The contact most tests talk as.
    static let ann = "+15550100001"
    static let bob = "+15550100002"

    let root: URL
    let clock = TestClock()
    private(set) var http: any HTTPSending
    let settings: HTTPNodeSettings
    private(set) var store: SQLiteStore
    private(set) var runner: FlowRunner
    private var messageNumber = 0

    /// Writes `files` (paths relative to the configuration directory), validates them and deploys.
    init(
        _ files: [String: String], http: (any HTTPSending)? = nil, settings: HTTPNodeSettings = HTTPNodeSettings(),
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("runtime-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        self.http = try http ?? CurlHTTPClient()
        self.settings = settings
        (store, runner) = try Self.open(root: root, clock: clock, http: self.http, settings: settings)
        try write(files)
        try await reload(sourceLocation: sourceLocation)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    private static func open(root: URL, clock: TestClock, http: any HTTPSending, settings: HTTPNodeSettings) throws -> (SQLiteStore, FlowRunner) {
        let now: @Sendable () -> Date = { epoch.addingTimeInterval(clock.now.offset.seconds) }
        let store = try SQLiteStore(path: root.appendingPathComponent("state.db").path, now: now)
        return (store, FlowRunner(store: store, httpClient: http, httpSettings: settings, clock: clock, now: now))
    }

    /// The manual clock's time as a date.
    var now: Date { Self.epoch.addingTimeInterval(clock.now.offset.seconds) }

    var databasePath: String { root.appendingPathComponent("state.db").path }

    // MARK: Configuration

    /// Writes (or, with nil contents, deletes) configuration files.
    func write(_ files: [String: String?]) throws {
        for (path, contents) in files {
            let file = root.appendingPathComponent("config").appendingPathComponent(path)
            guard let contents else {
                try? FileManager.default.removeItem(at: file)
                continue
            }
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: file, atomically: true, encoding: .utf8)
        }
    }

    /// Validates the configuration, which must have no error.
    func configuration(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Manifest.Configuration {
        let directory = root.appendingPathComponent("config").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let report = try Validator(directory: directory, currentDirectory: directory).validate()
        let errors = report.diagnostics.filter(\.isError).map { "\($0.location) \($0.code) \($0.summary)" }
        try #require(errors.isEmpty, "\(errors)", sourceLocation: sourceLocation)
        return report.configuration
    }

    /// Validates the configuration and deploys its flows.
    @discardableResult
    func reload(sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws -> DeployReport {
        try await runner.deploy(configuration(sourceLocation: sourceLocation))
    }

    /// A new store and runner over the same database, as after a restart (with another HTTP
    /// client if given); deploys the configuration again and, unless told not to, recovers.
    @discardableResult
    func restart(http newHTTP: (any HTTPSending)? = nil, recovering: Bool = true) async throws -> RecoveryReport? {
        if let newHTTP { http = newHTTP }
        (store, runner) = try Self.open(root: root, clock: clock, http: http, settings: settings)
        try await reload()
        return recovering ? try await runner.recover() : nil
    }

    // MARK: Driving

    /// A message from `contact` to `sender`, with a fresh provider id unless given.
    func message(
        _ text: String, from contact: String = RunnerWorld.ann, to sender: String = "support", id: String? = nil, replyID: String? = nil,
        profileName: String? = "Ann W."
    ) -> ReceivedMessage {
        messageNumber += 1
        return ReceivedMessage(
            providerMessageID: id ?? "wamid.\(messageNumber)", sender: sender, contactPhone: contact, profileName: profileName, text: text,
            replyID: replyID, receivedAt: now)
    }

    /// Hands `text` from `contact` to the runner.
    @discardableResult
    func say(_ text: String, from contact: String = RunnerWorld.ann, to sender: String = "support", id: String? = nil) async throws
        -> InboundDisposition
    {
        try await runner.handle(message(text, from: contact, to: sender, id: id))
    }

    /// Moves the clock on, then fires what fell due.
    @discardableResult
    func advance(by duration: Duration) async throws -> Int {
        clock.advance(by: duration)
        return try await runner.fireDueTimers(now: now)
    }

    // MARK: Reading the database

    /// A plain connection to the database file.
    func database() throws -> DatabaseQueue {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: databasePath, configuration: configuration)
    }

    /// One outbox row.
    struct OutboxRow: Equatable {
        var dedupeKey: String
        var sender: String?
        var recipient: String
        var flow: String
        var payload: OutboxPayload
    }

    /// The outbox, in insertion order.
    func outbox() throws -> [OutboxRow] {
        try database().read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id").map { row in
                let origin: String = row["origin_kind"]
                #expect(origin == "flow")
                let payload: String = row["payload"]
                return OutboxRow(
                    dedupeKey: row["dedupe_key"], sender: row["sender"], recipient: row["recipient"], flow: row["origin_name"],
                    payload: try JSONDecoder().decode(OutboxPayload.self, from: Data(payload.utf8)))
            }
        }
    }

    /// The texts enqueued for `contact`, in order.
    func texts(to contact: String = RunnerWorld.ann) throws -> [String] {
        try outbox().filter { $0.recipient == contact }.map { $0.payload.text ?? "" }
    }

    /// One execution row.
    struct ExecutionRow: Equatable {
        var id: Int64
        var flow: String
        var version: String
        var contact: String
        var status: String
        var endedReason: String?
        var sequence: Int64
    }

    /// Every execution, oldest first.
    func executions() throws -> [ExecutionRow] {
        try database().read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM flow_executions ORDER BY id").map { row in
                ExecutionRow(
                    id: row["id"], flow: row["flow"], version: row["version"], contact: row["contact"], status: row["status"],
                    endedReason: row["ended_reason"], sequence: row["step_sequence"])
            }
        }
    }

    /// The active execution's state in `contact`'s conversation with `sender`.
    func state(of contact: String = RunnerWorld.ann, on sender: String = "support") throws -> ExecutionState? {
        try store.activeExecution(in: Conversation(sender: sender, contact: contact)).map { record in
            try JSONDecoder().decode(ExecutionState.self, from: record.state)
        }
    }

    /// The events of `kind`, oldest first, as their messages.
    func events(_ kind: String) throws -> [String] {
        try database().read { db in
            try String.fetchAll(db, sql: "SELECT message FROM events WHERE kind = ? ORDER BY id", arguments: [kind])
        }
    }

    /// How many rows `table` holds.
    func count(_ table: String, where condition: String = "1") throws -> Int {
        try database().read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(condition)") ?? 0 }
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

extension Duration {
    /// `count` minutes.
    static func minutes(_ count: Int64) -> Duration { .seconds(count * 60) }
}
