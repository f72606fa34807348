import Flows
import Foundation
import Manifest
import Store
import Synchronization
import Transports

/// Runs flows: the I/O shell around the pure ``Interpreter``.
///
/// The runner turns events — inbound messages, due timers, HTTP results — into
/// interpreter steps and writes each step **atomically** in the store: the execution
/// state, the outbox rows of its messages (dedupe key `flow:<execution>:<sequence>:<n>`),
/// timers, the HTTP call it waits for, the inbound message marked processed, counters and
/// events. Steps that happen together share one transaction (``FlowStateStore/transaction(_:)``):
/// the messages and HTTP results that arrive while the previous group is being written (a
/// group commit; see ``InboundIntake``), a batch of due timers. When a step fails, its
/// transaction is rolled back and redone one step per transaction, so the other steps land
/// and only the failing one reports an error. A
/// crash between transactions therefore never loses a step nor repeats one: what was
/// committed is read back, what was not is computed again from the same stored inputs.
///
/// - Deploying: ``deploy(_:senders:)`` compiles the configuration's flows, saves every
///   version and routes new triggers to the newest versions of the active flows. An
///   execution stays on the version it started with, loaded back from the store after a
///   restart. Removing or disabling a flow ends its executions.
/// - Messages: ``handle(_:)`` stores the message first (a duplicate provider id is a
///   no-op), then processes the conversation's messages in arrival order; see
///   ``InboundDisposition``.
/// - Timers: ``fireDueTimers(now:)`` and ``nextTimerDate()`` let the daemon's loop drive
///   the durable timers of `delay` and `wait` nodes.
/// - HTTP nodes: calls are made after the step that asks for them is committed, through
///   the `HTTPSending` client (libcurl in production), with retries and backoff on the
///   injected clock. **HTTP calls are at-least-once**: a call in flight when the process
///   stops is made again by ``recover()``, so an API that must not see a request twice
///   needs an idempotency key in the request.
/// - Restarts: call ``deploy(_:senders:)`` and then ``recover()`` before taking new work.
///
/// Store calls are synchronous (the store API is) and run on the runner's own thread,
/// never on Swift's cooperative pool: the actor runs on a thread of its own. Callers of
/// ``handle(_:)`` do the pure part of their message's work on their own threads — the
/// body's encoding and the step computed ahead from what the runner last committed
/// (``Speculation``), which the runner uses when the store shows it still holds. HTTP
/// calls are awaited, during which the actor serves other conversations; a conversation's
/// messages that arrive while its call is in flight wait in the inbox.
public actor FlowRunner {
    private nonisolated let executor = DedicatedThreadExecutor(name: "flow-runner")
    let store: any FlowStateStore
    /// The store's upkeep while this runner runs (see ``FlowStateStore/startMaintenance()``).
    private let maintenance: (any Sendable)?
    let caller: HTTPNodeCaller
    let now: @Sendable () -> Date
    /// The deployed programs and sender numbers steps are computed with.
    var routing = FlowRouting()
    /// A copy of `routing` for callers of ``handle(_:)``, which compute steps ahead (see ``Speculation``).
    nonisolated let publishedRouting = Mutex(FlowRouting())
    /// Executions whose HTTP call is being made by this runner, so a second recovery does not make it twice.
    var callsInFlight: Set<Int64> = []
    /// The last deploy's compiled flows by name, with the flow they were compiled from: a
    /// redeploy compiles only the flows that changed.
    var compiledFlows: [String: (flow: Flow, program: Program)] = [:]
    /// Flow versions known to be saved in the store, as `flow@version`.
    var savedVersions: Set<String> = []
    /// The states this runner wrote last, so the next step skips decoding them.
    nonisolated let executions = ExecutionCache(capacity: 65_536)
    /// Messages waiting for the next group commit.
    nonisolated let intake = InboundIntake()

    /// Runs the runner's methods on its own thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// How many `goto` nodes one event may follow, so two flows that go to each other cannot loop.
    static let maximumGotosPerEvent = 8
    /// How many due timers are read at a time.
    static let timerBatchSize = 64

    /// Creates a runner.
    ///
    /// - Parameters:
    ///   - store: where everything is kept.
    ///   - httpClient: makes the calls of `http` nodes (a `CurlHTTPClient` in production).
    ///   - httpSettings: allowed hosts, the response size cap, retries and secrets.
    ///   - clock: what waits between HTTP retries sleep on.
    ///   - now: the wall clock, for execution timestamps and timer deadlines.
    public init(
        store: any FlowStateStore, httpClient: any HTTPSending, httpSettings: HTTPNodeSettings = HTTPNodeSettings(),
        clock: some Clock<Duration> = ContinuousClock(), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.maintenance = store.startMaintenance()
        self.now = now
        self.caller = HTTPNodeCaller(
            client: httpClient, settings: httpSettings, sleep: { duration in try await clock.sleep(for: duration) }, now: now)
    }

    /// The per-node and per-edge counters of `flow`, for every version (see ``FlowCounterKey``).
    public func counters(flow: String) throws(RuntimeError) -> [FlowCounter] {
        try storing { () throws(StoreError) in try store.flowCounters(flow: flow) }
    }

    /// When the earliest durable timer fires, if any: the daemon sleeps until then (or
    /// until a message arrives, which may set an earlier one).
    public func nextTimerDate() throws(RuntimeError) -> Date? {
        try storing { () throws(StoreError) in try store.nextTimerDate() }
    }

    /// Makes `routing`, as it is now, the one callers of ``handle(_:)`` compute ahead with.
    func publishRouting() {
        let routing = self.routing
        publishedRouting.withLock { $0 = routing }
    }

    /// Runs a store call, wrapping its error.
    func storing<Value>(_ body: () throws(StoreError) -> Value) throws(RuntimeError) -> Value {
        do {
            return try body()
        } catch {
            throw RuntimeError(error)
        }
    }

    /// Runs `body` in one store transaction: what it writes lands together, or nothing does.
    ///
    /// When a step fails, the transaction is rolled back and `body` runs again with each
    /// step in a transaction of its own (``FlowStateStore/stepwise``), as the runner did
    /// before it grouped steps: the steps before the failing one land, and its error is
    /// thrown. When the transaction itself fails (it cannot start or commit), that error
    /// is thrown.
    func inTransaction<Value>(_ body: (any FlowTransaction) throws(RuntimeError) -> Value) throws(RuntimeError) -> Value {
        if let value = try attemptTransaction(body) { return value }
        return try stepwise(body)
    }

    /// Runs `body` in one store transaction; nil when a step failed and the transaction was
    /// rolled back (nothing was written).
    ///
    /// - Throws: when the transaction itself failed: then nothing was written, unless the
    ///   failure came after the commit landed (a connection lost at that moment, say), in
    ///   which case everything was.
    func attemptTransaction<Value>(_ body: (any FlowTransaction) throws(RuntimeError) -> Value) throws(RuntimeError) -> Value? {
        var stepFailed = false
        do throws(StoreError) {
            let value = try store.transaction { transaction throws(StoreError) in
                do throws(RuntimeError) {
                    return try body(transaction)
                } catch {
                    stepFailed = true
                    throw StoreError(.database, "A flow step failed (\(error.message)); its transaction is rolled back.", underlying: error)
                }
            }
            executions.keepStaged()
            return value
        } catch {
            executions.dropStaged()
            if stepFailed { return nil }
            throw RuntimeError(error)
        }
    }

    /// Runs `body` with each step in a store transaction of its own.
    func stepwise<Value>(_ body: (any FlowTransaction) throws(RuntimeError) -> Value) throws(RuntimeError) -> Value {
        // Every step staged here was committed on its own.
        defer { executions.keepStaged() }
        return try body(store.stepwise)
    }

    /// Commits a batch as one step of `transaction`; returns the id and sequence of each execution written.
    @discardableResult
    func commit(_ batch: StepBatch, in transaction: any FlowTransaction) throws(RuntimeError) -> [ExecutionWriteResult] {
        guard !batch.commit.isEmpty else { return [] }
        let results = try storing { () throws(StoreError) in try transaction.commit(batch.commit) }
        for (written, result) in zip(batch.written, results) {
            executions.stage(written.state, written: result, in: written.conversation)
        }
        return results
    }

    /// The HTTP calls a committed batch asks for.
    func calls(of batch: StepBatch, results: [ExecutionWriteResult], in conversation: Conversation) -> [PendingCall] {
        batch.calls.compactMap { call in
            results.indices.contains(call.write)
                ? PendingCall(executionID: results[call.write].id, request: call.request, conversation: conversation) : nil
        }
    }
}

/// An HTTP call to make for an execution after its step is committed.
struct PendingCall: Sendable {
    var executionID: Int64
    var request: FlowHTTPRequest
    var conversation: Conversation
}
