import Dashboard
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

/// `engine run`'s services: the HTTP server (webhooks, health), the outbox dispatcher,
/// the campaign and broadcast feeders, the flow timers, the simulators' delivery events
/// and the reloader (the directory watched with inotify, and re-read every `interval`),
/// stopped together on SIGTERM or SIGINT.
struct Daemon {
    /// The configuration applied at start.
    let report: ValidationReport
    let store: SQLiteStore
    let host: String
    let port: Int
    let logger: Logger
    /// Whether to watch the directory for changes.
    var watches = true
    /// How often to re-read the directory even without events; nil: only on events.
    var interval: Duration?
    /// The token `/api/*` requires; nil leaves it open (RunCommand then listens on loopback only).
    var apiToken: APIToken? = nil

    func run() async throws {
        let configuration = report.configuration
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

        let dispatcher = OutboxDispatcher(
            store: store, transports: transports.all, senders: Self.profiles(configuration), routes: try Self.routes(configuration, store: store),
            report: { error in report("dispatch: \(error)") })
        let interrupted = try await dispatcher.start()
        if !interrupted.unknown.isEmpty {
            logger.warning("\(interrupted.unknown.count) message(s) were being sent when the engine stopped; marked unknown, not resent")
        }

        let live = LiveGeneration(
            Generation(
                number: 0, configuration: configuration, transports: transports,
                router: InboundRouter(configuration: configuration, runner: runner, store: store),
                broadcasts: BroadcastFeeder(configuration: configuration, store: store)))
        let sink = DaemonSink(live: live, dispatcher: dispatcher, logger: logger)
        let ready = ReadyFlag()
        let metrics = EngineMetrics()
        let reloader = Reloader(directory: configuration.directory, store: store)
        let source = DaemonAPI(
            configuration: { live.current.configuration }, store: store, pairingSession: { live.current.transports.gateway[$0] },
            revisionStatus: { [directory = configuration.directory] in
                try DaemonAPI.storedRevisionStatus(
                    store: store, diagnostics: reloader.status.diagnostics.map { ConfigDiagnostic($0, directory: directory) })
            })
        let api = EngineAPI(source: source, token: apiToken, wakeDispatcher: { await dispatcher.wake() })
        let router = EngineServer.router(currentEndpoints: { live.endpoints(sink: sink) }, isReady: { ready.isSet }, api: api, metrics: metrics)
        Dashboard.addRoutes(to: router.group().add(middleware: DashboardAccess(token: apiToken))) {
            try await source.dashboardModel(reload: reloader.status)
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "engine"), logger: logger)

        if let applied = try? store.snapshot().lastApplied {
            reloader.recordInForce(revision: applied.revision, summary: applied.summary, applied: true)
        }
        let (simulators, newSimulator) = AsyncStream.makeStream(of: (String, SimulatorTransport<ContinuousClock>).self)
        for (name, simulator) in transports.simulators.sorted(by: { $0.key < $1.key }) { newSimulator.yield((name, simulator)) }
        let reloads = ReloadLoop(
            reloader: reloader, live: live, runner: runner, dispatcher: dispatcher, client: client, store: store, logger: logger,
            alerts: DaemonAlerts(logger: logger), metrics: metrics, newSimulator: newSimulator)
        var watcher: DirectoryWatcher?
        if watches {
            let statePath = store.path
            let root = URL(fileURLWithPath: configuration.directory).standardizedFileURL.path + "/"
            // What .engineignore lists is not configuration: not watched (read at start).
            let ignoreFile = (try? String(contentsOfFile: root + ".engineignore", encoding: .utf8)) ?? ""
            let rules = IgnoreRules(ignoreFile)
            watcher = try DirectoryWatcher(
                directory: configuration.directory,
                isIgnored: { relative in statePath.hasPrefix(root) && (root + relative).hasPrefix(statePath) },
                skipsDirectory: { rules.ignores($0, isDirectory: true) })
        }

        // A service group stops its services in reverse order: the dispatcher first (no
        // new claims; sends in flight finish within the grace period), the HTTP server last.
        var services: [any Service] = [app]
        services.append(
            LoopService(name: "simulators") {
                await withDiscardingTaskGroup { group in
                    for await (name, simulator) in simulators {
                        group.addTask {
                            // Stops at once when cancelled, whatever receipts are still buffered.
                            for await event in simulator.events {
                                if Task.isCancelled { break }
                                try? await sink.record([event], sender: name)
                            }
                        }
                    }
                }
            })
        services.append(LoopService(name: "flow timers") { try await TimerLoop(runner: runner, dispatcher: dispatcher, logger: logger).run() })
        services.append(
            LoopService(name: "campaigns and broadcasts") {
                try await FeederLoop(live: live, store: store, dispatcher: dispatcher, report: report).run()
            })
        services.append(LoopService(name: "reloader") { [watcher, interval] in try await reloads.run(watcher: watcher, interval: interval) })
        services.append(
            LoopService(name: "alerts") {
                try await AlertWatcher(store: store, live: live, alerts: DaemonAlerts(logger: logger), logger: logger).run()
            })
        services.append(LoopService(name: "dispatcher") { try await dispatcher.run() })
        ready.set()
        logger.notice(
            "engine running on http://\(host):\(port) with \(transports.all.count) sender(s)\(watcher == nil ? "" : ", watching \(configuration.directory)"); SIGTERM or Ctrl-C stops it"
        )
        if apiToken == nil { logger.warning("no API token (ENGINE_API_TOKEN or Settings' apiToken): /api is open to clients on this machine only") }
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        newSimulator.finish()
        watcher?.stop()
        await client.shutdown()
        logger.notice("engine stopped")
    }

    /// The scheduler's profiles of the enabled senders.
    static func profiles(_ configuration: Configuration) -> [SenderProfile] {
        configuration.senders.filter(\.isEnabled).map { SenderProfile($0) }
    }

    /// The routes of `configuration`, with only the campaigns whose live state sends.
    static func routes(_ configuration: Configuration, store: SQLiteStore) throws -> OutboxRoutes {
        let live = try store.snapshot().campaigns
        // A failed campaign keeps its route: it runs again by itself once a sender can send.
        let sending = Set(live.filter { [.running, .scheduled, .failed].contains($0.value.state) }.keys)
        return OutboxRoutes(configuration, sendingCampaigns: sending)
    }
}

/// Reloads the configuration when the watcher reports a change or `interval` passes,
/// one attempt at a time; triggers that come during an attempt make one more attempt.
struct ReloadLoop: Sendable {
    let reloader: Reloader
    let live: LiveGeneration
    let runner: FlowRunner
    let dispatcher: OutboxDispatcher
    let client: CurlHTTPClient
    let store: SQLiteStore
    let logger: Logger
    let alerts: DaemonAlerts
    let metrics: EngineMetrics
    let newSimulator: AsyncStream<(String, SimulatorTransport<ContinuousClock>)>.Continuation
    /// How long a plan that deletes waits before it is made again and applied.
    var deleteSettling: Duration = .seconds(1)
    /// The dispatcher's reconfigurations, one after the other.
    let reconfigurations = SerialTasks()

    func run(watcher: DirectoryWatcher?, interval: Duration?) async throws {
        // A first look fills the cache of parsed files, so the first change is as quick as the rest.
        await reload("start")
        logger.info("watching for changes")
        let (triggers, trigger) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let watcher {
                group.addTask {
                    for await batch in watcher.changes {
                        let shown = batch.sorted().prefix(3).map { $0.isEmpty ? "." : $0 }.joined(separator: ", ")
                        trigger.yield("changed: \(shown)\(batch.count > 3 ? " and \(batch.count - 3) more" : "")")
                    }
                }
            }
            if let interval {
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: interval)
                        trigger.yield("periodic check")
                    }
                }
            }
            group.addTask {
                for await reason in triggers { await reload(reason) }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// One attempt: validate, plan, apply, then swap the running parts over.
    func reload(_ reason: String) async {
        let started = ContinuousClock.now
        let before = reloader.status
        let attempt = reloader.plan()
        logger.debug("reload: planned after \(ContinuousClock.now - started)")
        switch attempt {
        case .invalid(let why, let diagnostics):
            // A periodic check of the same broken files says nothing new.
            if before.outcome == .refused, before.reason == why, before.diagnostics == diagnostics { return }
            reloader.recordRefusal(revision: nil, reason: why, diagnostics: diagnostics)
            metrics.reloadOutcome(.invalid)
            logger.error("configuration not reloaded (\(reason)): \(why); still running revision \(before.appliedRevision ?? "unknown")")
            let lines = diagnostics.map { "\($0.location): \($0.severity.rawValue): \($0.summary)" }
            for line in lines.prefix(20) { logger.error("  \(line)") }
            // The mail settings in force are the last valid ones: the new files cannot be trusted.
            let revision = Revision.of(directory: reloader.directory, contentHash: "")
            alerts.raise(
                .configurationInvalid(
                    revision: revision.hasPrefix("sha256:") ? "the files in \(reloader.directory)" : revision,
                    diagnostics: lines.isEmpty ? [why] : lines),
                configuration: live.current.configuration)
        case .planned(var report, var plan, var desired):
            // Deleting is not undone by the next save (a deleted campaign is cancelled), so a
            // plan that deletes waits for the files to settle and must come out the same
            // again: a checkout caught half-way deletes nothing.
            if plan.changes.contains(where: { $0.action == .delete }) {
                try? await Task.sleep(for: deleteSettling)
                guard case .planned(let again, let confirmed, let desiredAgain) = reloader.plan(), confirmed.contentHash == plan.contentHash else {
                    await reload(reason + ", again after the files settled")
                    return
                }
                (report, plan, desired) = (again, confirmed, desiredAgain)
            }
            guard plan.hasChanges else {
                reloader.recordInForce(revision: plan.revision, summary: "no changes", applied: false)
                if before.outcome == .refused {
                    logger.notice("configuration valid again (\(reason)); revision \(plan.revision) in force, nothing to apply")
                }
                return
            }
            let previous = live.current
            let configuration = report.configuration
            let transports: DaemonTransports
            do {
                transports = try DaemonTransports(
                    configuration: configuration, client: client, store: store, previous: previous.transports,
                    report: { [logger] in logger.error("\($0)") })
            } catch {
                reloader.recordRefusal(revision: plan.revision, reason: "\(error)", diagnostics: [])
                metrics.reloadOutcome(.failed)
                logger.error("configuration not reloaded (\(reason)): \(error); still running revision \(before.appliedRevision ?? "unknown")")
                return
            }
            logger.debug("reload: transports after \(ContinuousClock.now - started)")
            if let failure = reloader.apply(plan, report: report, desired: desired) {
                reloader.recordRefusal(revision: plan.revision, reason: failure, diagnostics: [])
                metrics.reloadOutcome(.failed)
                logger.error("configuration not reloaded (\(reason)): \(failure)")
                return
            }
            logger.debug("reload: applied after \(ContinuousClock.now - started)")
            do {
                let deployed = try await runner.deploy(configuration)
                logger.debug("reload: flows deployed after \(ContinuousClock.now - started)")
                let ended = Dictionary(grouping: deployed.endedExecutions, by: { "\($0.flow) (\($0.reason))" })
                for (flow, executions) in ended.sorted(by: { $0.key < $1.key }) {
                    logger.notice("ended \(executions.count) execution(s) of \(flow)")
                }
            } catch {
                logger.error("reload of revision \(plan.revision): deploying the flows: \(error)")
            }
            live.replace(
                with: Generation(
                    number: previous.number + 1, configuration: configuration, transports: transports,
                    router: InboundRouter(configuration: configuration, runner: runner, store: store),
                    broadcasts: BroadcastFeeder(configuration: configuration, store: store)))
            for name in transports.built.sorted() {
                if let simulator = transports.simulators[name] { newSimulator.yield((name, simulator)) }
            }
            // The dispatcher takes the new senders and routes between two of its ticks; the
            // reload does not wait for that (a tick over many campaigns takes a while), but
            // reconfigurations stay in order.
            reconfigurations.enqueue { [dispatcher, store, logger, revision = plan.revision] in
                do {
                    try await dispatcher.reconfigure(
                        transports: transports.all, senders: Daemon.profiles(configuration), routes: try Daemon.routes(configuration, store: store))
                } catch {
                    logger.error("reload of revision \(revision): reconfiguring the dispatcher: \(error)")
                }
            }
            reloader.recordInForce(revision: plan.revision, summary: plan.summaryLine, applied: true)
            metrics.reloadOutcome(.applied)
            logger.notice("reloaded revision \(plan.revision) (\(reason)) in \(ContinuousClock.now - started): \(plan.summaryLine)")
        }
    }
}

/// Runs jobs one after the other, each on a task of its own, without the caller waiting.
final class SerialTasks: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    func enqueue(_ job: @escaping @Sendable () async -> Void) {
        last.withLock { last in
            let previous = last
            last = Task {
                await previous?.value
                await job()
            }
        }
    }
}

/// Puts running campaigns' and broadcast sends' messages into the outbox every 2 s, with
/// the configuration in force.
struct FeederLoop {
    let live: LiveGeneration
    let store: SQLiteStore
    let dispatcher: OutboxDispatcher
    let report: @Sendable (String) -> Void

    func run() async throws {
        var generation = live.current
        var broadcasts = generation.broadcasts
        while !Task.isCancelled {
            let current = live.current
            if current.number != generation.number {
                generation = current
                broadcasts = current.broadcasts
            }
            do {
                let campaigns = CampaignFeeder(configuration: generation.configuration, store: store)
                let queued = try campaigns.tick(now: Date(), shouldStop: { Task.isCancelled }) + broadcasts.tick(now: Date())
                if queued > 0 { await dispatcher.wake() }
            } catch {
                report("campaigns and broadcasts: \(error)")
            }
            try await Task.sleep(for: .seconds(2))
        }
    }
}

/// Stores verified webhook events: inbound messages go through the router in force
/// (stored in the inbox first, then processed), delivery statuses update the outbox.
struct DaemonSink: WebhookSink {
    let live: LiveGeneration
    let dispatcher: OutboxDispatcher
    let logger: Logger

    func record(_ events: [WebhookEvent], sender: String) async throws {
        for event in events {
            switch event {
            case .message(let message):
                // The webhook is answered once the message is stored and stepped; HTTP calls
                // its flow makes go on in the background (durably: a restart makes them again).
                let outcome = try await live.current.router.handle(
                    ReceivedMessage(message, sender: sender, receivedAt: Date()), awaitingCalls: false,
                    afterCalls: { [logger, dispatcher] error in
                        if let error { logger.error("flow HTTP call: \(error)") }
                        Task { await dispatcher.wake() }
                    })
                logger.debug("inbound \(message.id) to \(sender): \(outcome)")
                // Not awaited: the dispatcher's thread may be busy with a tick, and the
                // provider is waiting for this webhook's answer.
                Task { [dispatcher] in await dispatcher.wake() }
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
