import Foundation
import Manifest
import Runtime
import Server
import Synchronization
import Transports

/// What the daemon built from one applied configuration. A reload builds the next one
/// and swaps it in whole; requests and loops read the one in force when they start.
struct Generation: Sendable {
    /// Counts reloads that changed something; 0 is the configuration applied at start.
    var number: Int
    var configuration: Configuration
    var transports: DaemonTransports
    var router: InboundRouter
    /// Broadcast lists with their members read.
    var broadcasts: BroadcastFeeder
}

/// The generation in force, shared by the HTTP handlers, the loops and the reloader.
final class LiveGeneration: Sendable {
    private let generation: Mutex<Generation>

    init(_ generation: Generation) {
        self.generation = Mutex(generation)
    }

    var current: Generation { generation.withLock { $0 } }

    func replace(with next: Generation) {
        generation.withLock { $0 = next }
    }

    /// The webhook endpoints of the senders in force.
    func endpoints(sink: any WebhookSink) -> WebhookEndpoints {
        let transports = current.transports
        return WebhookEndpoints(
            cloudAPI: transports.cloudAPI, gateway: transports.gateway,
            simulators: transports.simulators.mapValues { $0 as any SimulatedInbound }, sink: sink)
    }
}
