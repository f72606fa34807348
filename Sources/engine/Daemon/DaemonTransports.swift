import Foundation
import Manifest
import Reconcile
import Runtime
import Server
import Store
import Transports

/// Every sender's transport, built from the configuration with its secrets resolved.
struct DaemonTransports: Sendable {
    var all: [String: any Transport] = [:]
    var cloudAPI: [String: CloudAPITransport] = [:]
    var gateway: [String: GatewayTransport] = [:]
    var simulators: [String: SimulatorTransport<ContinuousClock>] = [:]
    /// What each transport was built from: a sender whose key is unchanged by a reload
    /// keeps its transport (its connections, its simulator's pending delivery reports).
    private var keys: [String: TransportKey] = [:]
    /// Senders whose transport was built here rather than taken over from `previous`.
    private(set) var built: Set<String> = []

    /// Builds them; a secret that cannot be resolved is an error naming the sender.
    /// - Parameter previous: the transports of the configuration before a reload, reused
    ///   for senders whose spec and resolved secrets did not change.
    init(
        configuration: Configuration, client: CurlHTTPClient, store: SQLiteStore, previous: DaemonTransports? = nil,
        report: @escaping @Sendable (String) -> Void
    ) throws {
        let resolver = SecretResolver(directory: configuration.directory)
        let runID = SimulatorConfiguration.newRunID()
        let recorder = StoreSimulatorRecorder(store: store, report: { error in report("could not record a simulated send: \(error.message)") })
        for sender in configuration.senders where sender.isEnabled {
            let name = sender.header.name
            let settings = sender.transportSettings
            func secret(_ field: String) throws -> String? {
                guard let text = settings[field] else { return nil }
                guard case .success(let reference) = SecretReference.parse(text, field: field) else {
                    throw DaemonError("\(field) of sender '\(name)' is not a secret reference")
                }
                switch resolver.resolve(reference) {
                case .success(let value): return value
                case .failure(let problem): throw DaemonError("cannot resolve \(field) of sender '\(name)': \(problem.message)")
                }
            }
            var secrets: [String: String] = [:]
            for field in sender.header.secrets.map(\.fieldPath) { secrets[field] = try secret(field) }
            let key = TransportKey(transport: sender.transport, phone: sender.phone.value, spec: sender.header.spec, secrets: secrets)
            keys[name] = key
            if let previous, previous.keys[name] == key, let transport = previous.all[name] {
                all[name] = transport
                cloudAPI[name] = previous.cloudAPI[name]
                gateway[name] = previous.gateway[name]
                simulators[name] = previous.simulators[name]
                continue
            }
            built.insert(name)
            switch sender.transport {
            case .simulator:
                var simulator = SimulatorConfiguration(
                    senderName: name, senderPhone: sender.phone.value, latency: sender.simulator.latency, failureRate: sender.simulator.failureRate,
                    seed: sender.simulator.seed, undeliverable: sender.simulator.undeliverable, deliveredAfter: sender.simulator.deliveredAfter,
                    readAfter: sender.simulator.readAfter, rateLimitEvery: sender.simulator.rateLimitEvery)
                simulator.runID = runID
                let transport = SimulatorTransport(configuration: simulator, clock: ContinuousClock(), recorder: recorder)
                simulators[name] = transport
                all[name] = transport
            case .cloudAPI:
                guard let phoneNumberID = settings["phoneNumberId"], let token = try secret("accessToken"),
                    let appSecret = try secret("appSecret"), let verifyToken = try secret("verifyToken")
                else { throw DaemonError("sender '\(name)' lacks phoneNumberId, accessToken, appSecret or verifyToken") }
                var cloud = CloudAPIConfiguration(phoneNumberID: phoneNumberID, accessToken: token, appSecret: appSecret, verifyToken: verifyToken)
                if let base = settings["baseURL"], let url = URL(string: base) { cloud.baseURL = url }
                if let version = settings["apiVersion"] { cloud.apiVersion = version }
                let transport = CloudAPITransport(configuration: cloud, client: client)
                cloudAPI[name] = transport
                all[name] = transport
            case .gateway:
                guard let base = settings["baseURL"], let url = URL(string: base), let session = settings["session"] else {
                    throw DaemonError("sender '\(name)' needs baseURL and session")
                }
                let transport = GatewayTransport(
                    configuration: GatewayConfiguration(
                        baseURL: url, session: session, apiKey: try secret("apiKey"), webhookSecret: try secret("webhookSecret")),
                    client: client)
                gateway[name] = transport
                all[name] = transport
            }
        }
    }
}

/// What a sender's transport is built from.
private struct TransportKey: Hashable, Sendable {
    var transport: Sender.Transport
    var phone: String
    var spec: SpecValue
    var secrets: [String: String]
}

/// Why the daemon cannot start.
struct DaemonError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
