/// A ``SimulatorRecorder`` that keeps everything in memory, in the order it arrived.
///
/// Used by the demo and tests, and by the runtime until the daemon passes a store-backed
/// recorder. Grows without bound: meant for sessions, not for long-running daemons.
public actor InMemorySimulatorRecorder: SimulatorRecorder {
    /// Every send recorded, oldest first.
    public private(set) var messages: [SimulatedMessage] = []
    /// Every typing indicator and read receipt recorded, oldest first.
    public private(set) var actions: [SimulatorAction] = []

    /// Creates an empty recorder.
    public init() {}

    /// Appends `message` to ``messages``.
    public func record(_ message: SimulatedMessage) {
        messages.append(message)
    }

    /// Appends `action` to ``actions``.
    public func record(_ action: SimulatorAction) {
        actions.append(action)
    }
}
