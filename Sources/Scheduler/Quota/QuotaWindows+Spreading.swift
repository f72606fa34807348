import Foundation

extension QuotaWindows {
    /// The average gap to keep after a send at `sentAt` so that what is left of each window
    /// is spread evenly instead of sent back to back and then waited out.
    ///
    /// For each window with room left: the time until the window frees its oldest slot (or
    /// until `closing`, when the sending window shuts first) divided by the room plus one,
    /// so that the last of them, even jittered long, goes before that instant. The minute
    /// and hour windows always take part. The day window takes part only with a `closing`:
    /// spreading a day quota over 24 hours would waste it when the sending window is nine
    /// hours long, so it is spread over what is left of the sending window instead.
    func spreadingGap(after sentAt: Date, closing: Date?) -> TimeInterval {
        var gap: TimeInterval = 0
        let sent = sentAt.timeIntervalSinceReferenceDate
        for window in QuotaWindow.allCases where window != .day || closing != nil {
            let (room, oldest) = roomAndOldestSend(in: window, at: sentAt)
            guard room > 0, let oldest else { continue }
            let horizon = min(oldest + window.length, closing?.timeIntervalSinceReferenceDate ?? .infinity)
            gap = max(gap, (horizon - sent) / Double(room + 1))
        }
        return gap
    }
}
