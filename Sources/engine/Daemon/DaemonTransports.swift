import Foundation
import Manifest
import Reconcile
import Runtime
import Server
import Store
import Transports

/// Every sender's transport, built from the configuration with its secrets resolved.
struct DaemonTransports {
    var all: [String: any Transport] = [:]
    var cloudAPI: [String: CloudAPITransport] = [:]
    var gateway: [String: GatewayTransport] = [:]
    var simulators: [String: SimulatorTransport<ContinuousClock>] = [:]

    /// Builds them; a secret that cannot be resolved is an error naming the sender.
    init(configuration: Configuration, client: CurlHTTPClient, store: SQLiteStore, report: @escaping @Sendable (String) -> Void) throws {
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

/// Why the daemon cannot start.
struct DaemonError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
