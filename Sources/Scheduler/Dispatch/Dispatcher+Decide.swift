import Foundation

extension Dispatcher {
    /// One dispatch tick: which candidates start now on which senders, and when to look again.
    ///
    /// Candidates are taken in the order given, so the caller puts conversation replies
    /// first and business traffic oldest first. Each assignment is counted at once (quota
    /// windows, pair bucket, pacing, daily cap), so one tick never overcommits a sender.
    ///
    /// A message starts on a sender when, at `now`:
    /// - the sender is enabled, connected, not paused, healthy, allowed (and, when the
    ///   message has a selectable sticky sender, is that sender);
    /// - the sender is not busy typing or sending, and no sender- or application-wide
    ///   backoff holds it;
    /// - every quota window, the throughput cap and the pair bucket have room;
    /// - for paced business traffic: its pacing pause and spreading have passed, and the
    ///   campaign has started, is inside its opening hours until the message has gone
    ///   out, and has room in its daily cap. Conversation replies and burst messages
    ///   wait for none of these, and their sends move no pacing.
    /// Among the senders that qualify, the least recently used wins: of senders last used
    /// at the same instant (several messages started in one tick), the one used first;
    /// otherwise (never used, or not since the dispatcher was made) the earlier in
    /// `allowedSenders`.
    ///
    /// Cost: O(senders) plus O(allowed senders) per candidate looked at, with binary
    /// searches only for senders that just sent. The scan stops early once no sender can
    /// start anything now and the earliest wake found cannot be beaten.
    public mutating func decide(_ candidates: [Candidate], now: Date, using random: inout some RandomNumberGenerator) -> Decision {
        var decision = Decision()
        decision.events = resumeFinishedPauses(at: now)
        pairs.sweepIfNeeded(at: now)
        refreshGates()
        var tick = Tick(now: now, campaigns: campaigns.count)
        var mix: TrafficMix?
        var floor: Double?
        var wake = Double.infinity
        for candidate in candidates {
            if wake < .infinity {
                // Once no candidate can beat the wake found, the rest need not be looked at.
                let known = mix ?? TrafficMix(candidates)
                mix = known
                let lowest = floor ?? known.floor(of: senderGates, after: tick.clock)
                floor = lowest
                if lowest > tick.clock, wake <= lowest { break }
            }
            switch evaluate(candidate, tick: &tick) {
            case nil:
                continue
            case .wait(let instant):
                wake = min(wake, instant)
            case .start(let index, let campaign):
                decision.assignments.append(start(candidate, on: index, campaign: campaign, at: now, using: &random))
                refreshGates()
                if let campaign { tick.campaignGates[campaign] = nil }
                floor = nil
            }
        }
        decision.nextWake = wake.isFinite ? Date(seconds: wake) : nil
        return decision
    }

    /// What to do with one candidate.
    private enum Choice {
        case start(Int, campaign: Int?)
        case wait(Double)
    }

    /// The sender a candidate starts on now, or when it could start; nil when it cannot
    /// until something outside changes.
    private mutating func evaluate(_ candidate: Candidate, tick: inout Tick) -> Choice? {
        let typing = candidate.typingSeconds
        // Only paced business traffic waits for pacing and spreading.
        let isBusiness = candidate.pacing != nil
        var earliestStart = max(tick.clock, candidate.notBefore?.seconds ?? tick.clock)
        var campaign: Int?
        if let name = candidate.campaign {
            guard let index = tick.campaignIndex(of: name, in: self) else { return nil }
            let gate = tick.campaignGates[index] ?? campaigns[index].gate(at: tick.now)
            tick.campaignGates[index] = gate
            guard gate.start < .infinity else { return nil }
            earliestStart = max(earliestStart, gate.start, gate.spreadSendAt - typing)
            campaign = index
        }
        let indices = allowedSenders.indices(of: candidate.allowedSenders, in: indexByName)
        var pool = indices[...]
        if let sticky = candidate.stickySender, let index = index(of: sticky), senderGates[index].isSelectable,
            let position = indices.firstIndex(of: index)
        {
            pool = indices[position...position]
        }
        let pairEntries = pairs.entries(for: candidate.recipient)
        var earliest = Double.infinity
        var ready: Int?
        var readyRecency = (lastUsed: Double.infinity, lastStart: Int.max)
        for index in pool {
            // `earliestStart` is never before the tick, which brings the gates to `now`.
            var start = senderGates[index].start(isBusiness: isBusiness, typing: typing)
            guard start < .infinity else { continue }
            start = max(start, earliestStart)
            if let entry = pairEntries?.first(where: { $0.sender == index }) {
                start = entry.bucket.nextAvailable(after: Date(seconds: start)).seconds
            }
            earliest = min(earliest, start)
            if start <= tick.clock, senderGates[index].recency < readyRecency {
                ready = index
                readyRecency = senderGates[index].recency
            }
        }
        guard earliest.isFinite else { return nil }
        var instant = earliest
        if let campaign {
            guard let fitted = campaigns[campaign].earliestStart(from: Date(seconds: earliest), typing: typing) else { return nil }
            instant = fitted.seconds
        }
        if instant <= tick.clock, let ready { return .start(ready, campaign: campaign) }
        return .wait(instant)
    }

    /// Starts `candidate` on sender `index` at `now` and counts it everywhere.
    private mutating func start(
        _ candidate: Candidate, on index: Int, campaign: Int?, at now: Date, using random: inout some RandomNumberGenerator
    ) -> Assignment {
        let assignment = Assignment(candidate, sender: senders[index].profile.name, startAt: now)
        let sendAt = assignment.sendAt
        senders[index].recordSend(startAt: now, sendAt: sendAt)
        rankStart(of: index)
        invalidateGate(index)
        if let pair = senders[index].profile.transportLimits.pair {
            pairs.take(recipient: candidate.recipient, sender: index, limit: pair, at: sendAt)
        }
        guard let pacing = candidate.pacing else { return assignment }
        var closing: Date?
        if let campaign {
            closing = campaigns[campaign].closing(at: now)
            campaigns[campaign].recordSend(startAt: now, sendAt: sendAt, pacing: pacing, using: &random)
        }
        senders[index].pacedUntil = sendAt.addingTimeInterval(pacing.delay(using: &random))
        let gap = senders[index].quota.spreadingGap(after: sendAt, closing: closing)
        senders[index].spreadUntil = gap > 0 ? sendAt.addingTimeInterval(pacing.jittered(gap, using: &random)) : nil
        return assignment
    }

    /// A sender's gates as its state stands, before any tick's `now` applies.
    ///
    /// The quota gate is asked from the latest hold, which is never before the sender's
    /// last send (it is busy until then), so the answer stays right for any later tick.
    mutating func computeGate(of index: Int) -> SenderGate {
        guard senders[index].profile.isEnabled, senders[index].isConnected else { return .closed }
        var start = senders[index].busyUntil ?? .distantPast
        if let pause = senders[index].health.pause {
            guard let resumesAt = pause.resumesAt else { return .closed }
            start = max(start, resumesAt)
        } else if !senders[index].health.isHealthy {
            return .closed
        }
        if let backoff = senders[index].backoffUntil { start = max(start, backoff) }
        if let hold = applicationHolds[senders[index].profile.application] { start = max(start, hold) }
        start = senders[index].quotaAvailable(after: start)
        if let throughput = senders[index].throughput { start = throughput.nextAvailable(after: start) }
        let businessStart = max(start, senders[index].pacedUntil ?? start)
        return SenderGate(
            isSelectable: senders[index].health.isSelectable, start: start.seconds, businessStart: businessStart.seconds,
            spreadSendAt: senders[index].spreadUntil?.seconds ?? -.infinity, lastUsed: senders[index].lastUsedAt?.seconds ?? -.infinity,
            lastStart: senders[index].lastStart)
    }

    /// Ends the pauses whose probation is over.
    private mutating func resumeFinishedPauses(at now: Date) -> [SenderEvent] {
        var events: [SenderEvent] = []
        for index in senders.indices {
            guard let resumesAt = senders[index].health.pause?.resumesAt, resumesAt <= now else { continue }
            senders[index].health.resume()
            invalidateGate(index)
            events.append(.resumed(sender: senders[index].name, automatically: true))
        }
        return events
    }
}

/// What one tick has worked out so far.
private struct Tick {
    let now: Date
    let clock: Double
    var campaignGates: [CampaignGate?]
    private var lastCampaignName: String?
    private var lastCampaignIndex = 0

    init(now: Date, campaigns: Int) {
        self.now = now
        clock = now.seconds
        campaignGates = Array(repeating: nil, count: campaigns)
    }

    /// The campaign's position, remembering the last one asked for.
    mutating func campaignIndex(of name: String, in dispatcher: Dispatcher) -> Int? {
        if lastCampaignName == name { return lastCampaignIndex }
        guard let index = dispatcher.campaignIndex(of: name) else { return nil }
        lastCampaignName = name
        lastCampaignIndex = index
        return index
    }
}

/// What kinds of traffic a tick's candidates hold, for a lower bound on any start.
private struct TrafficMix {
    var hasConversation = false
    var longestTyping: Double = 0

    init(_ candidates: [Candidate]) {
        for candidate in candidates {
            if case .business(_, let pacing) = candidate.traffic {
                longestTyping = max(longestTyping, pacing.typing?.maximumSeconds ?? 0)
            } else {
                hasConversation = true
            }
        }
    }

    /// No candidate can start before this instant.
    func floor(of gates: [SenderGate], after clock: Double) -> Double {
        var lowest = Double.infinity
        for gate in gates {
            lowest = min(lowest, hasConversation ? gate.start : max(gate.businessStart, gate.spreadSendAt - longestTyping))
        }
        return max(clock, lowest)
    }
}

/// The last allowed-sender list resolved to indices: candidates of one campaign share
/// the same array, and comparing an array with itself is O(1).
struct AllowedSenders: Sendable {
    private var names: [String] = []
    private var indices: [Int] = []

    mutating func indices(of names: [String], in indexByName: [String: Int]) -> [Int] {
        if names != self.names {
            self.names = names
            indices = names.compactMap { indexByName[$0] }
        }
        return indices
    }
}
