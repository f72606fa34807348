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
    /// Whether free-form messages (anything but a WhatsApp template) reach a contact only
    /// within 24 hours of the contact's last message to this sender: true for the Cloud
    /// API, which refuses them otherwise (error 131047). The outbox dispatcher keeps such
    /// messages off the sender once the window is closed.
    public var requiresServiceWindow: Bool

    /// Creates a profile; without an application the sender is an application of its own.
    public init(
        name: String, limits: QuotaLimits = .standard, warmup: WarmupRamp? = nil, transportLimits: TransportLimits = TransportLimits(),
        resumeAfter: Duration? = nil, isEnabled: Bool = true, application: String? = nil, requiresServiceWindow: Bool = false
    ) {
        self.name = name
        self.limits = limits
        self.warmup = warmup
        self.transportLimits = transportLimits
        self.resumeAfter = resumeAfter
        self.isEnabled = isEnabled
        self.application = application ?? "sender \(name)"
        self.requiresServiceWindow = requiresServiceWindow
    }

    /// The profile of a configured sender, with its transport's standard limits.
    ///
    /// Cloud API senders behind the same Graph host share an application, gateway senders
    /// share one per gateway server; a simulator sender is its own. Only Cloud API senders
    /// require the customer-service window for free-form messages. Only hosts are used,
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
            application: application, requiresServiceWindow: sender.transport == .cloudAPI)
    }
}
