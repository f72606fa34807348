import Foundation
import Scheduler
import Store
import Transports

/// Sends the outbox: the I/O shell around the scheduler's pure ``Dispatcher``.
///
/// Each tick reads the queued rows of every routed resource (replies first, then business
/// traffic due first), asks the ``Dispatcher`` which message goes to which sender and
/// when, and carries out its assignments:
/// 1. at the assignment's start, a paced message with typing shows the typing indicator;
/// 2. at its send instant, the row is **claimed** in one transaction (`queued → sending`,
///    the sender recorded, attempts + 1, a send log row) before the transport sees it;
/// 3. the outcome is written in one transaction: `sent` with the provider's id, back to
///    `queued` with `not_before` (rate limits, a sender failure), `failed` or `unknown`,
///    with the sender's health, failure streak, pause, backoff and last use, the campaign
///    contact's status, and events.
///
/// The messages a sender may send at once go to its lane as one job, sent one after the
/// other. The outcome of each send is written in the same transaction as the claim of the
/// sender's next message, and the lanes writing at the same moment share that transaction
/// (a group commit): with pacing off, one commit carries a send of every busy sender.
///
/// Delivery statuses move rows on with ``applyStatus(_:)``.
///
/// **Crash safety.** Only a message whose send is under way is `sending`: one per sender
/// at most. ``start()`` (called by the first tick if not before) turns rows left
/// in `sending` by a process that stopped into `unknown`, or back into `queued` for a
/// resource with `resendUnknown`; nothing committed as sent is ever claimed again, since
/// only `queued` rows are claimed. It then rebuilds the scheduler from the store: quota
/// windows and campaign daily caps from the send log, health, streaks, pauses, backoffs
/// slowdowns, pacing pauses and quota spreading from `sender_status`. A message decided
/// but not yet claimed (typing) is still `queued` and is simply decided again after a
/// restart. A sender's pacing is written with each claim of a paced message (and with
/// each outcome), so even after a crash its next paced message never follows its last
/// send sooner than the pacing allows. Quota windows and daily caps are exact; the
/// spreading of a campaign's daily cap starts afresh.
///
/// **Customer-service window.** A free-form message (not a template) is kept off the
/// senders that require the 24-hour window (the Cloud API's) while the contact's window
/// with them is closed, and fails at once (`outbox.outside-service-window`, nothing
/// sent, no sender's health touched) when no sender it may use is left; see
/// ``CustomerServiceWindow``. When contacts last wrote is read once per contact and
/// cached until a new inbound message is stored.
///
/// **Quota.** The send log keeps one row per claim, at the instant the scheduler counted
/// the send (its `sendAt`; the transport is never called before it). That is every
/// attempt the scheduler counted, including those cut off by a crash, so a restart
/// continues exactly the windows the scheduler had.
///
/// **Concurrency.** One send at a time per sender (pacing is per sender): each sender has
/// a lane of jobs run in order; different senders send concurrently. ``run()`` never
/// waits for a send to decide again, so a slow sender does not hold back the others;
/// ``runOnce(now:)`` waits, which makes it deterministic for tests and one-shot commands.
///
/// Store calls are synchronous and run on the dispatcher's own thread, never on Swift's
/// cooperative pool; the lanes' group commits run on a serial queue of their own
/// (`writerQueue`), so that the dispatcher's thread goes on with decisions and outcomes
/// while a group commits.
public actor OutboxDispatcher {
    private nonisolated let executor = DedicatedThreadExecutor(name: "outbox-dispatcher")
    /// Where group commits run, off the dispatcher's thread and Swift's cooperative pool.
    nonisolated let writerQueue = DispatchQueue(label: "engine.outbox-writer")
    let store: any OutboxStore
    /// Each sender's transport; replaced by ``reconfigure(transports:senders:routes:)``.
    var transports: [String: any Transport]
    var profiles: [SenderProfile]
    /// The senders whose free-form messages need the customer-service window open.
    var windowSenders: Set<String>
    var routes: OutboxRoutes
    let settings: OutboxDispatcherSettings
    let now: @Sendable () -> Date
    /// Fixes a deadline `duration` from now on the clock and returns a sleep until it, so
    /// that time passing before the sleep starts does not push the deadline back.
    let alarm: @Sendable (Duration) -> @Sendable () async throws -> Void
    let report: @Sendable (RuntimeError) -> Void
    var random: RandomSource
    /// The decision core; rebuilt from the store by ``start()``.
    var scheduler: Dispatcher
    /// What ``start()`` found, once it ran.
    var startReport: InterruptedSends?
    /// Messages assigned to a sender and not settled yet, by row id.
    var pending: [Int64: PendingSend] = [:]
    /// The last job of each sender's lane.
    var lanes: [String: Task<Void, Never>] = [:]
    /// Lane jobs started and not finished.
    var runningJobs = 0
    /// Messages handed to lanes and not yet claimed or dropped: when lanes fall this far
    /// behind, a tick decides nothing more (see ``tick(now:)``).
    var queuedSends = 0
    /// The writes of the lanes committing together, while its leader collects them.
    var writeGroup: WriteGroup?
    /// Callers of ``waitForSends()`` waiting for the lanes to empty.
    var idleWaiters: [CheckedContinuation<Void, Never>] = []
    /// Outcomes written and assignments dropped so far: a change means the next decision
    /// may differ.
    var changeCount = 0
    /// The loop's current sleep, cancelled by ``wake()``.
    var sleeper: Task<Void, any Error>?
    /// Set by ``wake()``; the loop decides again before sleeping.
    var isWakeRequested = false
    /// Set when a stop's grace period ran out: nothing waits for sends any more.
    var isDrainAbandoned = false
    /// The text length of queued rows with typing, by row id, as of the last tick.
    var characterCounts: [Int64: Int] = [:]
    /// When contacts last wrote to each sender, for the customer-service window.
    var serviceWindows = ServiceWindowCache()
    /// When the store was last asked whether a person resumed a paused sender.
    var lastResumeCheck: Date?

    /// Runs the dispatcher's methods on its own thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Creates a dispatcher; nothing is read until ``start()`` or the first tick.
    ///
    /// - Parameters:
    ///   - store: the outbox, send log and sender status.
    ///   - transports: each sender's transport by sender name; a sender without one is
    ///     treated as disconnected.
    ///   - senders: the configured senders' profiles (``SenderProfile/init(_:)``).
    ///   - routes: how each resource's messages are dispatched.
    ///   - settings: retries, read window, loop timings.
    ///   - clock: what the loop sleeps on.
    ///   - now: the wall clock for decisions and timestamps (the clock's time as a date in tests).
    ///   - random: pacing, jitter and backoff draws.
    ///   - report: told of failures the loop survives (a failed tick, an outcome that
    ///     could not be written); the loop goes on.
    public init(
        store: any OutboxStore, transports: [String: any Transport], senders: [SenderProfile], routes: OutboxRoutes,
        settings: OutboxDispatcherSettings = OutboxDispatcherSettings(), clock: some Clock<Duration> = ContinuousClock(),
        now: @escaping @Sendable () -> Date = { Date() }, random: some RandomNumberGenerator & Sendable = SystemRandomNumberGenerator(),
        report: @escaping @Sendable (RuntimeError) -> Void = { _ in }
    ) {
        self.store = store
        self.transports = transports
        self.profiles = senders
        self.windowSenders = Set(senders.filter(\.requiresServiceWindow).map(\.name))
        self.routes = routes
        self.settings = settings
        self.now = now
        self.alarm = { duration in
            let deadline = clock.now.advanced(by: duration)
            return { try await clock.sleep(until: deadline, tolerance: nil) }
        }
        self.random = RandomSource(random)
        self.report = report
        self.scheduler = Dispatcher(senders: [], retryPolicy: settings.retryPolicy)
    }

    /// Recovers from the last stop and loads the scheduler's state; later calls return
    /// the first call's report.
    ///
    /// Rows left in `sending` become `unknown` (not sent again) unless their resource
    /// resends unknown messages, in which case they are queued again. Call it while no
    /// other dispatcher uses the store.
    @discardableResult
    public func start() throws(RuntimeError) -> InterruptedSends {
        if let startReport { return startReport }
        let now = self.now()
        let routes = self.routes
        let interrupted = try storing { () throws(StoreError) in
            try store.recoverInterruptedSends(at: now, resending: { routes.resendsUnknown($0) })
        }
        let schedules = routes.schedules
        let history = try storing { () throws(StoreError) in
            // A day of sends fills the quota windows; two days cover any campaign's local day.
            try store.dispatchHistory(
                senders: profiles.map(\.name), campaigns: schedules.keys.sorted(), sendsSince: now.addingTimeInterval(-86_400),
                campaignSendsSince: now.addingTimeInterval(-2 * 86_400))
        }
        let senders = profiles.map { profile in
            SenderState(restoring: profile, from: history, isConnected: transports[profile.name] != nil, now: now)
        }
        let campaigns = schedules.keys.sorted().compactMap { name in
            schedules[name].map { Scheduler.CampaignState(name: name, schedule: $0, sends: history.campaignSends[name] ?? []) }
        }
        scheduler = Dispatcher(senders: senders, campaigns: campaigns, retryPolicy: settings.retryPolicy)
        startReport = interrupted
        return interrupted
    }

    /// Puts messages in the outbox (a taken dedupe key is a no-op) and wakes the loop.
    @discardableResult
    public func enqueue(_ messages: [NewOutboxMessage]) throws(RuntimeError) -> [EnqueuedMessage] {
        let results = try storing { () throws(StoreError) in try store.enqueue(messages) }
        if results.contains(where: \.isNew) { wake() }
        return results
    }

    /// Applies a delivery status from a webhook or the simulator: `sent → delivered →
    /// read`, or `failed`, never backwards; the campaign contact follows.
    ///
    /// A status can overtake the send's own answer (the simulator reports `sent` before
    /// its send returns): it then finds no row (``DeliveryUpdateResult/unknownMessage``);
    /// `delivered` and `read` follow later and carry the row along.
    /// - Returns: what changed; nil for a state this engine does not track.
    @discardableResult
    public func applyStatus(_ status: DeliveryStatus) throws(RuntimeError) -> DeliveryUpdateResult? {
        let state: OutboxState
        switch status.state {
        case .sent: state = .sent
        case .delivered: state = .delivered
        case .read: state = .read
        case .failed: state = .failed
        default: return nil
        }
        let error = status.errors.first.map { error in
            OutboxError(code: error.code, reason: error.summary.isEmpty ? "the provider reported the message undeliverable" : error.summary)
        }
        let update = DeliveryUpdate(providerMessageID: status.messageID, state: state, error: error, at: status.timestamp ?? now())
        return try storing { () throws(StoreError) in try store.applyDelivery(update) }
    }

    /// Lifts a sender's pause (`engine senders resume NAME`): it starts on probation, with
    /// a clean failure streak and a health of at least 50. Persisted at once.
    /// - Returns: false when the sender is unknown or was not paused.
    @discardableResult
    public func resumeSender(_ name: String) throws(RuntimeError) -> Bool {
        try start()
        let now = self.now()
        guard let event = scheduler.resume(sender: name, at: now) else { return false }
        try saveStatus(of: name, events: [EventRecord(event, at: now)])
        wake()
        return true
    }

    /// Pauses a sender until a person resumes it. Persisted at once.
    /// - Returns: false when the sender is unknown.
    @discardableResult
    public func pauseSender(_ name: String, reason: String) throws(RuntimeError) -> Bool {
        try start()
        let now = self.now()
        guard let event = scheduler.pause(sender: name, reason: reason, at: now) else { return false }
        try saveStatus(of: name, events: [EventRecord(event, at: now)])
        return true
    }

    /// Records that a sender's session came up or went down (not persisted: the
    /// transport reports it again after a restart).
    public func setConnected(_ isConnected: Bool, sender name: String) {
        scheduler.setConnected(isConnected, sender: name)
        if isConnected { wake() }
    }

    /// The scheduler's state of a sender, for status and tests (after ``start()``).
    public func sender(named name: String) throws(RuntimeError) -> SenderState? {
        try start()
        return scheduler.sender(named: name)
    }

    /// Writes a sender's status with history lines.
    func saveStatus(of name: String, events: [EventRecord]) throws(RuntimeError) {
        guard let state = scheduler.sender(named: name) else { return }
        try storing { () throws(StoreError) in try store.saveSenderStatus(SenderDispatchStatus(state), events: events) }
    }

    /// Runs a store call, wrapping its error.
    func storing<Value>(_ body: () throws(StoreError) -> Value) throws(RuntimeError) -> Value {
        do {
            return try body()
        } catch {
            throw RuntimeError(error)
        }
    }
}

/// A message assigned to a sender and not settled yet.
struct PendingSend: Sendable {
    /// The row as read when it was decided.
    var record: OutboxRecord
    /// What the scheduler decided.
    var assignment: Assignment
    /// The resource's route.
    var route: OutboxRoute
    /// Whether its send was handed to the sender's lane.
    var isSendStarted = false
}

/// A random number generator of any type, stored in the actor.
struct RandomSource: RandomNumberGenerator, Sendable {
    private var base: any RandomNumberGenerator & Sendable

    init(_ base: some RandomNumberGenerator & Sendable) {
        self.base = base
    }

    mutating func next() -> UInt64 {
        base.next()
    }
}
