import Foundation
import Manifest

/// What the configuration says about a sender, as the scheduler needs it.
public struct SenderProfile: Sendable, Hashable {
    /// The sender's resource name.
    public var name: String
    /// Its quota.
    public var limits: QuotaLimits
    /// Its warm-up ramp, if any.
    public var warmup: WarmupRamp?
    /// The provider's rate limits for it.
    public var transportLimits: TransportLimits
    /// Probation after an automatic pause; nil keeps it paused until a person resumes it.
    public var resumeAfter: Duration?
    /// false keeps it out of every selection.
    public var isEnabled: Bool
    /// Senders with the same application share a provider account or app, so an
    /// application-wide rate limit holds all of them back.
    public var application: String

    /// Creates a profile; without an application the sender is an application of its own.
    public init(
        name: String, limits: QuotaLimits = .standard, warmup: WarmupRamp? = nil, transportLimits: TransportLimits = TransportLimits(),
        resumeAfter: Duration? = nil, isEnabled: Bool = true, application: String? = nil
    ) {
        self.name = name
        self.limits = limits
        self.warmup = warmup
        self.transportLimits = transportLimits
        self.resumeAfter = resumeAfter
        self.isEnabled = isEnabled
        self.application = application ?? "sender \(name)"
    }

    /// The profile of a configured sender, with its transport's standard limits.
    ///
    /// Cloud API senders behind the same Graph host share an application, gateway senders
    /// share one per gateway server; a simulator sender is its own. Only hosts are used,
    /// never credentials, because the application name appears in events and logs.
    public init(_ sender: Sender) {
        let host = sender.transportSettings["baseURL"].flatMap { URLComponents(string: $0) }.flatMap { components in
            components.host.map { host in components.port.map { "\(host):\($0)" } ?? host }
        }
        let application: String
        switch sender.transport {
        case .cloudAPI: application = "cloud-api \(host ?? "graph.facebook.com")"
        case .gateway: application = "gateway \(host ?? sender.header.name)"
        case .simulator: application = "simulator \(sender.header.name)"
        }
        self.init(
            name: sender.header.name, limits: QuotaLimits(sender.quota), warmup: WarmupRamp(sender.warmup, perDay: sender.quota.perDay),
            transportLimits: .standard(for: sender.transport), resumeAfter: sender.resumeAfter, isEnabled: sender.isEnabled,
            application: application)
    }
}
