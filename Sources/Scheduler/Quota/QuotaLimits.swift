import Manifest

/// How many sends a sender may make in each sliding window.
public struct QuotaLimits: Sendable, Hashable {
    /// Sends in any 60 seconds.
    public let perMinute: Int
    /// Sends in any 3600 seconds.
    public let perHour: Int
    /// Sends in any 24 hours (before any warm-up ramp).
    public let perDay: Int

    /// Creates limits; a value below 1 is raised to 1 (validation rejects such quotas, and
    /// a window that can never open would stall the sender silently).
    public init(perMinute: Int, perHour: Int, perDay: Int) {
        self.perMinute = max(1, perMinute)
        self.perHour = max(1, perHour)
        self.perDay = max(1, perDay)
    }

    /// The limits of a sender's configured quota.
    public init(_ quota: Quota) {
        self.init(perMinute: quota.perMinute, perHour: quota.perHour, perDay: quota.perDay)
    }

    /// 20 a minute, 500 an hour, 5000 a day: the configuration's defaults.
    public static let standard = QuotaLimits(perMinute: 20, perHour: 500, perDay: 5000)

    /// The limit of one window.
    public subscript(window: QuotaWindow) -> Int {
        switch window {
        case .minute: perMinute
        case .hour: perHour
        case .day: perDay
        }
    }
}
