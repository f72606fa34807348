import Flows
import Foundation
import Store
import Transports

/// Runs flows: the I/O shell around the pure ``Interpreter``.
///
/// The runner turns events — inbound messages, due timers, HTTP results — into
/// interpreter steps and writes each step in **one transaction** of the store
/// (``FlowStateStore/commit(_:)``): the execution state, the outbox rows of its messages
/// (dedupe key `flow:<execution>:<sequence>:<n>`), timers, the HTTP call it waits for,
/// the inbound message marked processed, counters and events. A crash between steps
/// therefore never loses a step nor repeats one: what was committed is read back, what
/// was not is computed again from the same stored inputs.
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
/// never on Swift's cooperative pool: the actor runs on a thread of its own. HTTP calls are
/// awaited, during which the actor serves other conversations; a conversation's messages
/// that arrive while its call is in flight wait in the inbox.
public actor FlowRunner {
    private nonisolated let executor = DedicatedThreadExecutor(name: "flow-runner")
    let store: any FlowStateStore
    let caller: HTTPNodeCaller
    let now: @Sendable () -> Date
    var catalog = ProgramCatalog()
    /// Sender phone numbers by sender name, for the `sender` namespace.
    var senderPhones: [String: String] = [:]
    /// Executions whose HTTP call is being made by this runner, so a second recovery does not make it twice.
    var callsInFlight: Set<Int64> = []

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

    /// Runs a store call, wrapping its error.
    func storing<Value>(_ body: () throws(StoreError) -> Value) throws(RuntimeError) -> Value {
        do {
            return try body()
        } catch {
            throw RuntimeError(error)
        }
    }

    /// Commits a batch; returns the id and sequence of each execution written.
    @discardableResult
    func commit(_ batch: StepBatch) throws(RuntimeError) -> [ExecutionWriteResult] {
        guard !batch.commit.isEmpty else { return [] }
        return try storing { () throws(StoreError) in try store.commit(batch.commit) }
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
