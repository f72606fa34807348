/// Where the simulator keeps what it was asked to send, so the demo, `engine chat` and
/// tests can show it.
///
/// ``InMemorySimulatorRecorder`` is the product's recorder until the daemon arrives; the
/// daemon's composition root will pass a store-backed one so that simulated chats survive
/// a restart. Recorders must not block: they are awaited inside every send.
public protocol SimulatorRecorder: Sendable {
    /// Keeps one send, whatever its outcome.
    func record(_ message: SimulatedMessage) async

    /// Keeps a typing indicator or a read receipt; the default forgets it.
    func record(_ action: SimulatorAction) async
}

extension SimulatorRecorder {
    /// Forgets the action: recorders that only keep messages need not implement it.
    public func record(_ action: SimulatorAction) async {}
}
