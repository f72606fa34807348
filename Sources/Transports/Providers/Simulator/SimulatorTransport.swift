import Synchronization

/// The embedded transport: sends nowhere, answers like a provider, and reports
/// `sent`, `delivered` and `read` on its own. Needs no credentials; the demo uses it.
///
/// Latency, failures and rate limits follow the ``SimulatorConfiguration``; the rules are
/// in `SimulatorModel`. Every send is kept by the ``SimulatorRecorder``. Statuses and
/// simulated inbound messages arrive on ``events``, the stream a server would fill from
/// webhooks. All waiting happens on the injected clock, so a test clock makes it
/// deterministic; status timestamps are nil (the receiver stamps the time of receipt).
///
/// Status delays run in tasks started by ``send(_:attempt:)``; ``finish()`` cancels them
/// and ends ``events``.
public final class SimulatorTransport<C: Clock<Duration>>: Transport {
    /// Statuses of accepted sends and inbound messages, in the order they happened. One
    /// consumer; buffered without bound until read.
    public let events: AsyncStream<WebhookEvent>
    /// How the simulator behaves.
    public let configuration: SimulatorConfiguration
    /// The limits checked before each send.
    public let limits: MessageLimits

    private let clock: C
    private let recorder: any SimulatorRecorder
    private let continuation: AsyncStream<WebhookEvent>.Continuation
    private let state: Mutex<State>

    private struct State {
        var model: SimulatorModel
        var pending: [String: Task<Void, Never>] = [:]
        var isFinished = false
    }

    /// Creates a transport that waits on `clock` and keeps sends in `recorder`.
    public init(configuration: SimulatorConfiguration, clock: C, recorder: any SimulatorRecorder, limits: MessageLimits = .whatsApp) {
        self.configuration = configuration
        self.clock = clock
        self.recorder = recorder
        self.limits = limits
        (events, continuation) = AsyncStream.makeStream(of: WebhookEvent.self, bufferingPolicy: .unbounded)
        state = Mutex(State(model: SimulatorModel(configuration: configuration)))
    }

    deinit {
        finish()
    }

    /// Waits the drawn latency on the clock, then answers as `SimulatorModel` decides.
    ///
    /// Messages over ``limits`` are refused at once with code `local.limit`. An accepted
    /// send emits `sent` at once, then `delivered` and `read` at
    /// ``SimulatorConfiguration/deliveredAfter`` and ``SimulatorConfiguration/readAfter``
    /// after acceptance. If the waiting task is cancelled the send answers
    /// ``SendOutcome/unknown(code:reason:)`` (`simulator.cancelled`).
    public func send(_ message: OutboundMessage, attempt: Int) async -> SendOutcome {
        if let problem = limits.violation(in: message.content) {
            return .failedMessage(code: "local.limit", reason: "not sent: \(problem)")
        }
        let decision = state.withLock { $0.model.decide(recipient: message.to, attempt: attempt) }
        var outcome = decision.outcome
        // No latency: no sleep either, which would still park the task on the clock.
        if decision.latency > .zero {
            do {
                try await clock.sleep(for: decision.latency)
            } catch {
                outcome = .unknown(code: "simulator.cancelled", reason: "the send was cancelled while the simulator was waiting")
            }
        } else if Task.isCancelled {
            outcome = .unknown(code: "simulator.cancelled", reason: "the send was cancelled before the simulator answered")
        }
        if case .accepted = outcome {
            scheduleStatuses(of: decision.id, to: message.to)
        }
        await recorder.record(
            SimulatedMessage(
                id: decision.id, senderName: configuration.senderName, message: message, attempt: attempt, outcome: outcome,
                latency: decision.latency))
        return outcome
    }

    /// Records the typing indicator; nothing else happens.
    public func showTyping(to recipient: String, replyingTo messageID: String?) async throws(TransportError) {
        await recorder.record(SimulatorAction.typing(recipient: recipient, replyingTo: messageID))
    }

    /// Records the read receipt; nothing else happens.
    public func markRead(messageID: String) async throws(TransportError) {
        await recorder.record(SimulatorAction.read(messageID: messageID))
    }

    /// Always connected.
    public func connectionStatus() async -> ConnectionStatus {
        .connected(detail: "simulator, \(configuration.senderPhone)")
    }

    /// Refuses with 404: the simulator has no provider webhooks. Inbound messages come
    /// from ``receive(from:name:text:)``.
    public func handleWebhook(_ request: WebhookRequest) -> WebhookReply {
        .refusal(status: 404, "the simulator has no provider webhooks; simulate inbound messages instead")
    }

    /// Simulates a user writing `text` to this sender: emits the message on ``events``
    /// and returns it. Ids are `sim.<sender>.in.<counter>`; `from` may be written with `+`.
    @discardableResult
    public func receive(from: String, name: String?, text: String) -> WebhookEvent {
        let id = state.withLock { $0.model.nextInboundID() }
        let waID = SimulatorModel.waID(from)
        let message = InboundMessage(
            phoneNumberID: configuration.senderName, id: id, from: waID, contact: ContactProfile(name: name, waID: waID, userID: nil),
            timestamp: nil, replyingTo: nil, content: .text(text))
        let event = WebhookEvent.message(message)
        continuation.yield(event)
        return event
    }

    /// Cancels pending statuses and ends ``events``. Later statuses and inbound messages
    /// are dropped.
    public func finish() {
        let tasks = state.withLock { state in
            state.isFinished = true
            let tasks = Array(state.pending.values)
            state.pending = [:]
            return tasks
        }
        for task in tasks { task.cancel() }
        continuation.finish()
    }

    /// Emits `sent` now and starts the task that emits `delivered` and `read`.
    private func scheduleStatuses(of messageID: String, to recipient: String) {
        let acceptedAt = clock.now
        let recipientID = SimulatorModel.waID(recipient)
        let status = { (state: DeliveryStatus.State) in
            WebhookEvent.status(
                DeliveryStatus(
                    phoneNumberID: self.configuration.senderName, messageID: messageID, state: state, recipientID: recipientID,
                    timestamp: nil))
        }
        continuation.yield(status(.sent))
        let (delivered, read) = (status(.delivered), status(.read))
        // Statuses due at once go out at once: a task and two sleeps per message cost more
        // than the send itself when a benchmark or a test runs the simulator without delays.
        if configuration.deliveredAfter <= .zero, configuration.readAfter <= .zero {
            let isFinished = state.withLock { $0.isFinished }
            guard !isFinished else { return }
            continuation.yield(delivered)
            continuation.yield(read)
            return
        }
        let deliveredAt = acceptedAt.advanced(by: configuration.deliveredAfter)
        let readAt = acceptedAt.advanced(by: max(configuration.readAfter, configuration.deliveredAfter))
        state.withLock { state in
            guard !state.isFinished else { return }
            state.pending[messageID] = Task { [clock, continuation, weak self] in
                defer { self?.state.withLock { _ = $0.pending.removeValue(forKey: messageID) } }
                do {
                    try await clock.sleep(until: deliveredAt, tolerance: nil)
                    continuation.yield(delivered)
                    try await clock.sleep(until: readAt, tolerance: nil)
                    continuation.yield(read)
                } catch {
                    return
                }
            }
        }
    }
}
