import Foundation
import Manifest
import Reconcile
import Runtime
import Store
import Transports

/// A conversation between one contact and the engine's flows, on a state of its own and
/// virtual time: what `engine test` and `engine chat` play.
///
/// Messages go through the real ``FlowRunner`` and its store; what the engine answers is
/// read from the outbox rows written for the contact, oldest first.
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
    /// Outbox rows already shown; a row shows once it is due (auto-replies wait their delay).
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
        return EngineConversation(
            runner: runner, router: InboundRouter(configuration: configuration, runner: runner, store: store), store: store, clock: clock,
            sender: chosen, contactPhone: phone.e164, contactName: contactName, stubs: stubs)
    }

    private init(
        runner: FlowRunner, router: InboundRouter, store: SQLiteStore, clock: VirtualClock, sender: String, contactPhone: String,
        contactName: String?,
        stubs: StubHTTPClient?
    ) {
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
        return try takeSent()
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
        return try takeSent()
    }

    /// The messages for the contact that became due since the last call.
    mutating func takeSent() throws -> [ObservedMessage] {
        let now = clock.date
        let entries = try store.outboxEntries(to: contactPhone, after: 0).filter { !shownIDs.contains($0.id) && $0.notBefore <= now }
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
