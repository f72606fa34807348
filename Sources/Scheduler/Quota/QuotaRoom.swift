/// How many more sends each window takes at one instant.
public struct QuotaRoom: Sendable, Hashable {
    /// Room in the minute window.
    public var minute: Int
    /// Room in the hour window.
    public var hour: Int
    /// Room in the day window (after warm-up and slowdown).
    public var day: Int

    /// Creates a room report.
    public init(minute: Int, hour: Int, day: Int) {
        self.minute = minute
        self.hour = hour
        self.day = day
    }

    /// The room of one window.
    public subscript(window: QuotaWindow) -> Int {
        switch window {
        case .minute: minute
        case .hour: hour
        case .day: day
        }
    }

    /// How many sends fit in all three windows at once.
    public var smallest: Int { min(minute, hour, day) }
}
