import Foundation

/// What one dispatch tick decided.
public struct Decision: Sendable, Hashable {
    /// Messages to start now, in the order the candidates were given.
    public var assignments: [Assignment] = []
    /// The earliest instant at which a candidate left over could start, so the daemon can
    /// sleep exactly until then; nil when none can until something changes (a sender
    /// connects or is resumed, the configuration changes, new messages arrive).
    ///
    /// Never later than the true earliest start; it can be earlier when a gate only known
    /// at that instant applies (pacing drawn then), in which case the next tick decides
    /// again.
    public var nextWake: Date?
    /// Senders that came back from a pause by themselves: reported by the first tick at or
    /// after their probation ended.
    public var events: [SenderEvent] = []

    /// An empty decision.
    public init() {}
}
