import Foundation
import GRDB
import Runtime
import Scheduler
import Store
import TestSupport
import Testing
import Transports

/// Everything one outbox test needs, built afresh per test: a database file in a
/// temporary directory, a manual clock, transports, and a dispatcher over them.
/// ``restart(store:)`` drops the dispatcher and store and opens new ones over the same
/// file, as a new process would.
final class OutboxWorld {
    /// The instant the manual clock starts at.
    static let epoch = Date(timeIntervalSince1970: 1_800_000_000)
    /// Pauses of 2 to 5 seconds, no typing.
    static let quickPacing = PacingRule(minDelay: .seconds(2), maxDelay: .seconds(5), typing: nil)
    /// Quotas too large to matter.
    static let roomyLimits = QuotaLimits(perMinute: 10_000, perHour: 100_000, perDay: 1_000_000)

    let root: URL
    let clock = TestClock()
    var senders: [SenderProfile]
    var routes: OutboxRoutes
    var settings: OutboxDispatcherSettings
    /// The transports the next dispatcher gets, by sender name.
    var transports: [String: any Transport]
    private(set) var store: SQLiteStore
    private(set) var dispatcher: OutboxDispatcher
    private var restarts = 0

    /// A world whose senders answer from scripts (accepting by default) unless given transports.
    init(
        senders: [SenderProfile], routes: OutboxRoutes? = nil, transports: [String: any Transport]? = nil,
        settings: OutboxDispatcherSettings = OutboxDispatcherSettings()
    ) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let names = senders.map(\.name)
        self.senders = senders
        self.routes = routes ?? Self.routes(senders: names)
        self.settings = settings
        let clock = clock
        let now: @Sendable () -> Date = { OutboxWorld.epoch.addingTimeInterval(clock.now.offset.seconds) }
        self.transports =
            transports ?? Dictionary(uniqueKeysWithValues: names.map { ($0, ScriptedTransport(name: $0, now: now) as any Transport) })
        store = try SQLiteStore(path: root.appendingPathComponent("state.db").path, now: now)
        dispatcher = OutboxDispatcher(
            store: store, transports: self.transports, senders: senders, routes: self.routes, settings: settings, clock: clock, now: now,
            random: SimulatorRandomSource(seed: 7))
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// A sender with roomy quotas and no provider limits unless told otherwise.
    static func sender(_ name: String, limits: QuotaLimits = roomyLimits) -> SenderProfile {
        SenderProfile(name: name, limits: limits, transportLimits: .none)
    }

    /// Campaign `spring` (always open), flow `support` and manual sends, on `senders`.
    static func routes(senders: [String], pacing: PacingRule = quickPacing, resendsUnknown: Bool = false) -> OutboxRoutes {
        OutboxRoutes(
            campaigns: [
                "spring": OutboxRoute(
                    traffic: .business(campaign: "spring", pacing: pacing), allowedSenders: senders, resendsUnknown: resendsUnknown,
                    schedule: SendingSchedule())
            ],
            flows: ["support": OutboxRoute(traffic: .conversation, allowedSenders: senders)],
            manual: OutboxRoute(traffic: .business(campaign: nil, pacing: pacing), allowedSenders: senders))
    }

    /// The manual clock's time as a date.
    var now: Date { Self.epoch.addingTimeInterval(clock.now.offset.seconds) }

    /// The wall clock the store and dispatcher use.
    var nowFunction: @Sendable () -> Date {
        let clock = clock
        return { OutboxWorld.epoch.addingTimeInterval(clock.now.offset.seconds) }
    }

    /// The scripted transport of `sender`.
    func scripted(_ sender: String) throws -> ScriptedTransport {
        try #require(transports[sender] as? ScriptedTransport)
    }

    // MARK: Lifecycle

    /// A new store and dispatcher over the same file, as after a restart; `wrap` puts a
    /// test double around the store the dispatcher uses.
    func restart(store wrap: (SQLiteStore) -> any OutboxStore = { $0 }) throws {
        restarts += 1
        store = try SQLiteStore(path: root.appendingPathComponent("state.db").path, now: nowFunction)
        dispatcher = OutboxDispatcher(
            store: wrap(store), transports: transports, senders: senders, routes: routes, settings: settings, clock: clock, now: nowFunction,
            random: SimulatorRandomSource(seed: 7 + UInt64(restarts)))
    }

    /// Replaces the current dispatcher by one over a wrapped store (same process).
    func wrapStore(_ wrap: (SQLiteStore) -> any OutboxStore) {
        dispatcher = OutboxDispatcher(
            store: wrap(store), transports: transports, senders: senders, routes: routes, settings: settings, clock: clock, now: nowFunction,
            random: SimulatorRandomSource(seed: 99))
    }

    // MARK: Driving

    /// Enqueues one message.
    @discardableResult
    func enqueue(
        _ key: String, to recipient: String, origin: OutboxOrigin = OutboxOrigin(kind: .campaign, name: "spring"),
        message: OutboxPayload = OutboxPayload(text: "Hello there"), sender: String? = nil
    ) async throws -> EnqueuedMessage {
        let new = try NewOutboxMessage(dedupeKey: key, recipient: recipient, origin: origin, message: message, sender: sender)
        return try #require(try await dispatcher.enqueue([new]).first)
    }

    /// Records contacts of campaign `spring` as queued, so enqueued messages link to them.
    func addCampaignContacts(_ phones: [String]) throws {
        var change = StateChange()
        change.contactLists = [
            ContactListSync(campaign: "spring", contacts: phones.map { CampaignContact(phone: $0) }, status: .queued, cancelsMissing: false)
        ]
        try store.apply(change)
    }

    /// Ticks at every wake until nothing is left to do or the next wake is after `end`.
    /// - Returns: the ticks run.
    @discardableResult
    func run(until end: Date = .distantFuture, maxTicks: Int = 20_000, sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        for tick in 0..<maxTicks {
            guard let wake = try await dispatcher.runOnce(now: now), wake <= end else { return tick }
            advance(to: wake)
        }
        Issue.record("the dispatcher did not settle within \(maxTicks) ticks", sourceLocation: sourceLocation)
        return maxTicks
    }

    /// Moves the clock to `date` (at least a microsecond on, so a tick never repeats at the same instant).
    func advance(to date: Date) {
        let seconds = date.timeIntervalSince(now)
        guard seconds > 0 else { return }
        clock.advance(by: .microseconds(max(1, Int64((seconds * 1e6).rounded(.up)))))
    }

    /// Moves the clock on by `duration`.
    func advance(by duration: Duration) {
        clock.advance(by: duration)
    }

    // MARK: Reading the database

    /// A plain connection to the database file.
    func database() throws -> DatabaseQueue {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        return try DatabaseQueue(path: root.appendingPathComponent("state.db").path, configuration: configuration)
    }

    /// Every outbox row, by id.
    func outbox() throws -> [OutboxRecord] {
        let ids = try database().read { db in try Int64.fetchAll(db, sql: "SELECT id FROM outbox ORDER BY id") }
        return try ids.map { id in try #require(try store.outboxRecord(id: id)) }
    }

    /// One outbox row.
    func record(_ id: Int64) throws -> OutboxRecord {
        try #require(try store.outboxRecord(id: id))
    }

    /// One send log row.
    struct Send: Equatable {
        var sender: String
        var recipient: String
        var sentAt: Date
        var outboxID: Int64?
        var campaign: String?
    }

    /// The send log, oldest first.
    func sendLog() throws -> [Send] {
        try database().read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM send_log ORDER BY sent_at, id").map { row in
                Send(
                    sender: row["sender"], recipient: row["recipient"], sentAt: row["sent_at"], outboxID: row["outbox_id"], campaign: row["campaign"])
            }
        }
    }

    /// The `sender_status` row of `sender`.
    func senderStatus(_ sender: String) throws -> Row? {
        try database().read { db in try Row.fetchOne(db, sql: "SELECT * FROM sender_status WHERE name = ?", arguments: [sender]) }
    }

    /// The status of a campaign contact.
    func contactStatus(_ phone: String) throws -> String? {
        try database().read { db in
            try String.fetchOne(db, sql: "SELECT status FROM campaign_contacts WHERE campaign = 'spring' AND phone = ?", arguments: [phone])
        }
    }

    /// The messages of the events of `kind`, oldest first.
    func events(_ kind: String) throws -> [String] {
        try database().read { db in
            try String.fetchAll(db, sql: "SELECT message FROM events WHERE kind = ? ORDER BY id", arguments: [kind])
        }
    }
}

/// `+1555020` followed by four digits: distinct contacts for bulk tests.
func contact(_ number: Int) -> String {
    "+1555020" + String(format: "%04d", number)
}
