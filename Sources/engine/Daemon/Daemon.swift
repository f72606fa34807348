import Foundation
import Hummingbird
import Logging
import Manifest
import Reconcile
import Runtime
import Scheduler
import Server
import ServiceLifecycle
import Store
import Synchronization
import Transports

/// `engine run`'s services over one applied configuration: the HTTP server (webhooks,
/// health), the outbox dispatcher, the flow timers and the simulators' delivery events,
/// stopped together on SIGTERM or SIGINT.
struct Daemon {
    let configuration: Configuration
    let store: SQLiteStore
    let host: String
    let port: Int
    let logger: Logger

    func run() async throws {
        let client = try CurlHTTPClient()
        let report: @Sendable (String) -> Void = { [logger] message in logger.error("\(message)") }
        let transports = try DaemonTransports(configuration: configuration, client: client, store: store, report: report)

        let runner = FlowRunner(
            store: store, httpClient: client,
            httpSettings: HTTPNodeSettings(configuration.settings) { [resolver = SecretResolver(directory: configuration.directory)] reference in
                try? resolver.resolve(reference).get()
            })
        let deployed = try await runner.deploy(configuration)
        for diagnostic in deployed.diagnostics { logger.warning("\(diagnostic.location): \(diagnostic.summary)") }
        let recovered = try await runner.recover()
        if recovered.reissuedCalls + recovered.processedMessages > 0 {
            logger.info("recovered \(recovered.reissuedCalls) HTTP call(s) and \(recovered.processedMessages) message(s) from before the restart")
        }

        // Campaigns paused or in draft at start keep their queued rows; the daemon does not
        // reload yet, so the set is fixed for its lifetime.
        let live = try store.snapshot().campaigns
        let sending = Set(live.filter { $0.value.state == .running || $0.value.state == .scheduled }.keys)
        let dispatcher = OutboxDispatcher(
            store: store, transports: transports.all, senders: configuration.senders.filter(\.isEnabled).map { SenderProfile($0) },
            routes: OutboxRoutes(configuration, sendingCampaigns: sending), report: { error in report("dispatch: \(error)") })
        let interrupted = try await dispatcher.start()
        if !interrupted.unknown.isEmpty {
            logger.warning("\(interrupted.unknown.count) message(s) were being sent when the engine stopped; marked unknown, not resent")
        }

        let router = InboundRouter(configuration: configuration, runner: runner, store: store)
        let sink = DaemonSink(router: router, dispatcher: dispatcher, logger: logger)
        let ready = ReadyFlag()
        let endpoints = WebhookEndpoints(
            cloudAPI: transports.cloudAPI, gateway: transports.gateway, simulators: transports.simulators.mapValues { $0 as any SimulatedInbound },
            sink: sink)
        let app = Application(
            router: EngineServer.router(endpoints: endpoints, isReady: { ready.isSet }),
            configuration: .init(address: .hostname(host, port: port), serverName: "engine"), logger: logger)

        var services: [any Service] = [app]
        services.append(LoopService(name: "dispatcher") { try await dispatcher.run() })
        let campaigns = CampaignFeeder(configuration: configuration, store: store)
        let broadcasts = BroadcastFeeder(configuration: configuration, store: store)
        services.append(
            LoopService(name: "campaigns and broadcasts") {
                var broadcasts = broadcasts
                while !Task.isCancelled {
                    do {
                        let queued = try campaigns.tick(now: Date()) + broadcasts.tick(now: Date())
                        if queued > 0 { await dispatcher.wake() }
                    } catch {
                        report("campaigns and broadcasts: \(error)")
                    }
                    try await Task.sleep(for: .seconds(2))
                }
            })
        services.append(LoopService(name: "flow timers") { try await TimerLoop(runner: runner, dispatcher: dispatcher, logger: logger).run() })
        for (name, simulator) in transports.simulators.sorted(by: { $0.key < $1.key }) {
            services.append(
                LoopService(name: "simulator \(name)") {
                    for await event in simulator.events { try? await sink.record([event], sender: name) }
                })
        }
        ready.set()
        logger.notice("engine running on http://\(host):\(port) with \(transports.all.count) sender(s); SIGTERM or Ctrl-C stops it")
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        await client.shutdown()
        logger.notice("engine stopped")
    }
}

/// Stores verified webhook events: inbound messages go through the router (stored in the
/// inbox first, then processed), delivery statuses update the outbox.
struct DaemonSink: WebhookSink {
    let router: InboundRouter
    let dispatcher: OutboxDispatcher
    let logger: Logger

    func record(_ events: [WebhookEvent], sender: String) async throws {
        for event in events {
            switch event {
            case .message(let message):
                let outcome = try await router.handle(ReceivedMessage(message, sender: sender, receivedAt: Date()))
                logger.debug("inbound \(message.id) to \(sender): \(outcome)")
                await dispatcher.wake()
            case .status(let status):
                _ = try await dispatcher.applyStatus(status)
            case .systemError(let report):
                logger.warning("\(sender): provider error \(report)")
            case .connectionChanged(let change):
                logger.notice("\(sender): connection \(change.status)")
            }
        }
    }
}

/// Fires due flow timers; sleeps until the next one, checking at least every second for
/// timers a new message set.
struct TimerLoop {
    let runner: FlowRunner
    let dispatcher: OutboxDispatcher
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            do {
                if try await runner.fireDueTimers(now: Date()) > 0 { await dispatcher.wake() }
                let next = try await runner.nextTimerDate()
                let wait = min(max(next.map { $0.timeIntervalSinceNow } ?? 1, 0.01), 1)
                try await Task.sleep(for: .milliseconds(Int(wait * 1000)))
            } catch is CancellationError {
                return
            } catch {
                logger.error("flow timers: \(error)")
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}

/// A long-running task as a service that ends with the group.
struct LoopService: Service {
    let name: String
    let body: @Sendable () async throws -> Void

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await body() }
        } catch is CancellationError {
            // Stopping is how a loop ends.
        }
    }
}

/// Whether `/readyz` answers 200.
final class ReadyFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}
