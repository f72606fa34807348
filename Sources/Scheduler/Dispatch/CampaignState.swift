import Foundation

/// Everything the dispatcher tracks about one campaign: its schedule, what it sent
/// today against its daily cap, and the spreading of that cap.
public struct CampaignState: Sendable {
    /// The campaign's name, as candidates refer to it.
    public let name: String
    /// When it may send.
    public let schedule: SendingSchedule
    /// The local day the cap count is for.
    public internal(set) var capDay: DateInterval?
    /// Messages started on `capDay`.
    public internal(set) var sentOnCapDay = 0
    /// Spreading of the daily cap: its next message goes out no earlier.
    public internal(set) var spreadUntil: Date?
    /// The open period last looked up.
    private var period: OpenPeriod?

    /// An open period and the instant it was looked up from: nothing opens between
    /// `lookedUpFrom` and `opens`, and it stays open until `closes` (nil: for good).
    private struct OpenPeriod: Sendable {
        var lookedUpFrom: Date
        var opens: Date
        var closes: Date?
    }

    /// Creates a campaign's state.
    /// - Parameter sends: when its messages of at least the current local day went out,
    ///   from the send log, so that a restart does not reset the daily cap.
    public init(name: String, schedule: SendingSchedule, sends: [Date] = []) {
        self.name = name
        self.schedule = schedule
        if let latest = sends.max() {
            let day = schedule.day(containing: latest)
            capDay = day
            sentOnCapDay = sends.count { $0 >= day.start && $0 < day.end }
        }
    }

    /// The earliest start at or after `date` whose send, `typing` later, falls in the same
    /// open period; nil when the schedule never opens again.
    mutating func earliestStart(from date: Date, typing: TimeInterval) -> Date? {
        guard schedule.hours != nil else { return max(date, schedule.start ?? date) }
        var instant = date
        for _ in 0..<64 {
            guard let period = openPeriod(atOrAfter: instant) else { return nil }
            let start = max(instant, period.opens)
            guard let closes = period.closes else { return start }
            if start.addingTimeInterval(typing) < closes { return start }
            instant = closes
        }
        return nil
    }

    /// When the open period in force at `date` closes; nil without opening hours or when
    /// it never closes.
    mutating func closing(at date: Date) -> Date? {
        guard schedule.hours != nil, let period = openPeriod(atOrAfter: date), period.opens <= date else { return nil }
        return period.closes
    }

    /// The start of the next local day when the daily cap is used up on the day of
    /// `date`; `.distantFuture` for a cap of zero; nil when the cap leaves room.
    func capGate(at date: Date) -> Date? {
        guard let cap = schedule.dailyCap else { return nil }
        guard cap > 0 else { return .distantFuture }
        guard let capDay, date >= capDay.start, date < capDay.end, sentOnCapDay >= cap else { return nil }
        return capDay.end
    }

    /// Counts a message started at `startAt` that goes out at `sendAt`, and spreads what
    /// is left of today's cap over what is left of the open period (or the day): `n`
    /// messages left are placed `n + 1` equal gaps apart, so that even the longest jittered
    /// gap ends before the period does.
    mutating func recordSend(startAt: Date, sendAt: Date, pacing: PacingRule, using random: inout some RandomNumberGenerator) {
        if let capDay, startAt >= capDay.start, startAt < capDay.end {
            sentOnCapDay += 1
        } else {
            capDay = schedule.day(containing: startAt)
            sentOnCapDay = 1
        }
        guard let cap = schedule.dailyCap, let capDay, cap > sentOnCapDay else { return }
        let horizon = min(capDay.end, closing(at: startAt) ?? capDay.end)
        let gap = horizon.timeIntervalSince(sendAt) / Double(cap - sentOnCapDay + 1)
        if gap > 0 {
            spreadUntil = sendAt.addingTimeInterval(pacing.jittered(gap, using: &random))
        }
    }

    /// The open period containing `date`, or the first one after it.
    private mutating func openPeriod(atOrAfter date: Date) -> OpenPeriod? {
        if let period, period.lookedUpFrom <= date, period.closes.map({ date < $0 }) ?? true {
            return period
        }
        guard let opens = schedule.nextOpening(after: date) else { return nil }
        let found = OpenPeriod(lookedUpFrom: date, opens: opens, closes: schedule.closing(after: opens))
        period = found
        return found
    }
}

/// A campaign's gates for one tick, in seconds since the reference date.
struct CampaignGate {
    /// No message starts before this; infinity when none ever will (a cap of zero).
    var start: Double
    /// No message goes out before this (spreading of the daily cap).
    var spreadSendAt: Double
}

extension CampaignState {
    /// The campaign's gates at `now`. A used-up cap holds messages until the next local
    /// day, which is also right for messages that could only start on a later day.
    func gate(at now: Date) -> CampaignGate {
        var start = schedule.start?.seconds ?? -.infinity
        if let capGate = capGate(at: now) {
            start = capGate == .distantFuture ? .infinity : max(start, capGate.seconds)
        }
        return CampaignGate(start: start, spreadSendAt: spreadUntil?.seconds ?? -.infinity)
    }
}
