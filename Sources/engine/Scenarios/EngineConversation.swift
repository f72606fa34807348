import Foundation
import Manifest
import Reconcile
import Runtime
import Store
import Transports

/// A conversation between one contact and the engine's flows, on a state of its own and
/// virtual time: what `engine test` and `engine chat` play.
///
/// Messages go through the real ``FlowRunner`` and its store, and its answers through the
/// real ``OutboxDispatcher`` and a simulator transport per sender, on the same virtual
/// time: quotas and the pair limit apply as they would in `engine run`, and a message
/// shows once the simulator has sent it (an auto-reply after its delay). Only the
/// contact's own queued rows are dispatched (see ``ConversationOutbox``).
struct EngineConversation: ConversationDriver {
    /// Something that stops a conversation before it starts.
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    let runner: FlowRunner
    let router: InboundRouter
    let store: SQLiteStore
    let clock: VirtualClock
    let sender: String
    let contactPhone: String
    let contactName: String?
    private let stubs: StubHTTPClient?
    private let dispatcher: OutboxDispatcher
    /// Outbox rows already shown; a row shows once the simulator has sent it.
    private var shownIDs: Set<Int64> = []
    private var messageCount = 0

    /// Sets up the flows of `configuration` on `store`, for `contactPhone` writing to
    /// `sender` (nil: the configuration's only sender).
    static func start(
        configuration: Configuration, store: SQLiteStore, clock: VirtualClock, sender: String?, contactPhone: String, contactName: String?,
        http: any HTTPSending, stubs: StubHTTPClient?
    ) async throws -> EngineConversation {
        let names = configuration.senders.map(\.header.name)
        let chosen: String
        if let sender {
            guard names.contains(sender) else {
                let hint = Suggestion.closest(to: sender, among: names).map { "; did you mean '\($0)'?" } ?? ""
                throw SetupError(description: "no sender '\(sender)'\(hint)")
            }
            chosen = sender
        } else {
            guard names.count == 1, let only = names.first else {
                throw SetupError(
                    description: "the configuration has \(names.count) senders; name one with `sender:` (\(names.sorted().joined(separator: ", ")))")
            }
            chosen = only
        }
        guard case .success(let phone) = PhoneNumber.normalize(contactPhone, defaultCountryCode: configuration.settings.defaultCountryCode) else {
            throw SetupError(description: "'\(contactPhone)' is not a phone number; write it in E.164, such as +15550109001")
        }
        let resolver = SecretResolver(directory: configuration.directory)
        let settings = HTTPNodeSettings(configuration.settings) { reference in try? resolver.resolve(reference).get() }
        let runner = FlowRunner(store: store, httpClient: http, httpSettings: settings, clock: clock, now: { clock.date })
        do {
            _ = try await runner.deploy(configuration)
        } catch {
            throw SetupError(description: "the flows could not be deployed: \(error)")
        }
        // Every sender gets a simulator that answers at once (time is virtual: latencies
        // would only be skipped) and keeps nothing beyond the outbox rows it settles.
        let recorder = InMemorySimulatorRecorder()
        var transports: [String: any Transport] = [:]
        for sender in configuration.senders {
            var simulator = SimulatorConfiguration(
                senderName: sender.header.name, senderPhone: sender.phone.value, deliveredAfter: .zero, readAfter: .zero)
            simulator.runID = SimulatorConfiguration.newRunID()
            transports[sender.header.name] = SimulatorTransport(configuration: simulator, clock: clock, recorder: recorder)
        }
        // Conversation traffic only: a kept state's campaigns, broadcasts and manual sends
        // are not this command's to send.
        let every = OutboxRoutes(configuration, sendingCampaigns: [])
        let dispatcher = OutboxDispatcher(
            store: ConversationOutbox(store: store, contact: phone.e164), transports: transports, senders: Daemon.profiles(configuration),
            routes: OutboxRoutes(flows: every.flows, autoReplies: every.autoReplies), clock: clock, now: { clock.date })
        do {
            _ = try await dispatcher.start()
        } catch {
            throw SetupError(description: "the outbox could not be read: \(error)")
        }
        return EngineConversation(
            runner: runner, router: InboundRouter(configuration: configuration, runner: runner, store: store), store: store, clock: clock,
            sender: chosen, contactPhone: phone.e164, contactName: contactName, stubs: stubs, dispatcher: dispatcher)
    }

    private init(
        runner: FlowRunner, router: InboundRouter, store: SQLiteStore, clock: VirtualClock, sender: String, contactPhone: String,
        contactName: String?, stubs: StubHTTPClient?, dispatcher: OutboxDispatcher
    ) {
        self.dispatcher = dispatcher
        self.runner = runner
        self.router = router
        self.store = store
        self.clock = clock
        self.sender = sender
        self.contactPhone = contactPhone
        self.contactName = contactName
        self.stubs = stubs
    }

    mutating func contactWrites(_ text: String, buttonID: String?) async throws -> [ObservedMessage] {
        messageCount += 1
        let message = ReceivedMessage(
            providerMessageID: "conversation.\(contactPhone).\(messageCount)", sender: sender, contactPhone: contactPhone,
            profileName: contactName, text: text, replyID: buttonID, receivedAt: clock.date)
        _ = try await router.handle(message)
        try checkStubs()
        return try await takeSent()
    }

    mutating func advance(by duration: Duration) async throws -> [ObservedMessage] {
        let target = clock.date.addingTimeInterval(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        // Fire timers one deadline at a time, so each sees the time it was set for and
        // timers they set in turn fire too when due before the target.
        while let next = try await runner.nextTimerDate(), next <= target {
            clock.advance(to: next)
            if try await runner.fireDueTimers(now: clock.date) == 0, next <= clock.date { break }
        }
        clock.advance(to: target)
        try checkStubs()
        return try await takeSent()
    }

    /// How finely the store keeps dates, in seconds.
    static let storePrecision: TimeInterval = 0.001

    /// The messages the simulator sent the contact since the last call: the dispatcher
    /// first sends what is due at the virtual time, until it has nothing more to do now.
    mutating func takeSent() async throws -> [ObservedMessage] {
        // Each pass settles what it started; a pass that settled something may free more
        // (the next message of a flow after the pair limit's burst). Bounded, in case.
        for _ in 0..<1_000 {
            guard let wake = try await dispatcher.runOnce(now: clock.date) else { break }
            if wake > clock.date {
                // The store keeps dates to the millisecond, rounded: a row queued "now" can
                // read back as due a fraction of a millisecond later. Virtual time stands
                // still, so such a row would wait for the next /wait.
                guard wake.timeIntervalSince(clock.date) <= Self.storePrecision else { break }
                clock.advance(to: wake)
            }
        }
        let sent: Set<String> = ["sent", "delivered", "read"]
        let entries = try store.outboxEntries(to: contactPhone, after: 0).filter { !shownIDs.contains($0.id) && sent.contains($0.state) }
        shownIDs.formUnion(entries.map(\.id))
        return entries.map { entry in
            guard let payload = try? JSONDecoder().decode(OutboxPayload.self, from: Data(entry.payload.utf8)) else {
                return ObservedMessage(text: entry.payload, buttons: [], template: nil, mediaURL: nil)
            }
            let choices = payload.buttons ?? payload.list?.sections.flatMap(\.rows) ?? []
            return ObservedMessage(text: payload.text, buttons: choices.map(\.title), template: payload.template?.name, mediaURL: payload.media?.url)
        }
    }

    private func checkStubs() throws {
        guard let stubs else { return }
        let unmatched = stubs.takeUnmatched()
        guard unmatched.isEmpty else {
            throw SetupError(description: "HTTP call without a stub: \(unmatched.joined(separator: ", ")); add it under `http:`")
        }
    }
}
