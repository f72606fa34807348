/// A WhatsApp number the engine sends from.
public struct Sender: Sendable, Hashable {
    /// How messages leave the engine.
    public enum Transport: String, Sendable, Hashable, Codable {
        case simulator
        case cloudAPI = "cloud-api"
        case gateway
    }

    /// Identity and position.
    public var header: ResourceHeader
    /// The transport.
    public var transport: Transport
    /// The sender's number as written (normalised by the rules).
    public var phone: Located<String>
    /// false keeps it out of every selection.
    public var isEnabled: Bool
    /// Hard limits.
    public var quota: Quota
    /// Daily ramp of the day quota.
    public var warmup: Warmup?
    /// Probation after an automatic pause.
    public var resumeAfter: Duration?
    /// Transport-specific settings: secrets as references, everything else as text.
    public var transportSettings: [String: String]
    /// Simulator behaviour.
    public var simulator: SimulatorSettings
}

/// Sliding-window sending limits of a sender.
public struct Quota: Sendable, Hashable {
    public var perMinute: Int
    public var perHour: Int
    public var perDay: Int
    /// Where the quota is written, if it is.
    public var location: SourceLocation?

    /// 20 a minute, 500 an hour, 5000 a day.
    public static let standard = Quota(perMinute: 20, perHour: 500, perDay: 5000, location: nil)
}

/// A ramp of the day quota over a new number's first days.
public struct Warmup: Sendable, Hashable {
    /// Days the ramp lasts.
    public var days: Int
    /// The day quota on day one.
    public var from: Int
}

/// How the simulator transport behaves for one sender.
public struct SimulatorSettings: Sendable, Hashable {
    public var latency: ClosedRange<Duration> = .zero ... .zero
    public var failureRate: Double = 0
    public var seed: UInt64?
    public var undeliverable: [String] = []
    public var deliveredAfter: Duration = .seconds(1)
    public var readAfter: Duration = .seconds(5)
    public var rateLimitEvery: Int?
}
