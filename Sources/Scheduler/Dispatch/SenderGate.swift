import Foundation

/// A sender's gates, in seconds since the reference date so that the per-candidate loop
/// compares plain numbers.
///
/// They do not depend on the time of the tick: every gate is "not before" some instant
/// fixed by the sender's state (busy, backoff, hold, pause, quota, throughput), and the
/// tick only raises them to `now`. So they are computed once per change of the sender.
struct SenderGate {
    /// Selectable now (for a sticky sender): enabled, connected, not paused, healthy.
    var isSelectable: Bool
    /// The earliest start of any message; infinity until something outside changes.
    var start: Double
    /// The earliest start of a business message (pacing included).
    var businessStart: Double
    /// The earliest instant a business message may go out (spreading); minus infinity for none.
    var spreadSendAt: Double
    /// When it last started a message; minus infinity for never.
    var lastUsed: Double
    /// The rank of its last start among this dispatcher's starts (0 for none): among
    /// senders last used at the same instant (in one tick), the one used first is the
    /// least recently used.
    var lastStart = 0

    /// A sender that can take nothing until something outside changes.
    static let closed = SenderGate(isSelectable: false, start: .infinity, businessStart: .infinity, spreadSendAt: -.infinity, lastUsed: -.infinity)

    /// Orders senders from the least to the most recently used.
    var recency: (lastUsed: Double, lastStart: Int) { (lastUsed, lastStart) }

    /// The earliest start of a message with `typing` seconds of typing.
    func start(isBusiness: Bool, typing: Double) -> Double {
        isBusiness ? max(businessStart, spreadSendAt - typing) : start
    }
}

extension Date {
    /// Seconds since the reference date: the number `SenderGate` works in.
    var seconds: Double { timeIntervalSinceReferenceDate }

    /// The instant `seconds` after the reference date.
    init(seconds: Double) {
        self.init(timeIntervalSinceReferenceDate: seconds)
    }
}
