import Foundation

/// The scheduler's decision core: which ready message goes to which sender now, and
/// when to look again. A value-type state machine with no clock and no I/O.
///
/// The daemon's loop around it:
/// 1. ``decide(_:now:using:)`` with the messages ready in the outbox (conversation
///    replies first, then business traffic oldest first) → start the assignments, sleep
///    until ``Decision/nextWake`` or until something happens.
/// 2. ``handle(_:of:attempt:at:using:)`` with each send's outcome → health, pauses,
///    backoffs, and the message's fate.
/// 3. ``setConnected(_:sender:)``, ``resume(sender:at:)``, ``pause(sender:reason:at:)``
///    as the world changes.
///
/// The rules are those of the design's "Scheduling" section: a message may go to a
/// sender only when it is enabled, connected, not paused and healthy, and every quota
/// window, its throughput cap and the (sender, contact) pair limit have room; among
/// those, the least recently used goes first.
public struct Dispatcher: Sendable {
    /// Every sender, in the order given.
    public internal(set) var senders: [SenderState]
    /// Campaigns whose schedules apply.
    public internal(set) var campaigns: [CampaignState] = []
    /// Application-wide holds after rate limits or outages, by application.
    public internal(set) var applicationHolds: [String: Date] = [:]
    /// When messages held back by a rate limit are tried again.
    public var retryPolicy: RetryPolicy
    var pairs = PairLedger()
    /// Each sender's gates as of its last change, before any tick's `now` applies.
    var senderGates: [SenderGate] = []
    /// Which of `senderGates` changed since they were worked out.
    private var staleGates: [Bool] = []
    /// The last allowed-sender list resolved.
    var allowedSenders = AllowedSenders()
    /// Messages started so far: ranks each sender's last start (``SenderState/lastStart``).
    private var startCount = 0
    private(set) var indexByName: [String: Int] = [:]
    private var campaignIndexByName: [String: Int] = [:]

    /// Creates a dispatcher. Sender names are unique; a repeated name is ignored.
    public init(senders: [SenderState], campaigns: [CampaignState] = [], retryPolicy: RetryPolicy = .standard) {
        self.senders = []
        for sender in senders where indexByName[sender.name] == nil {
            indexByName[sender.name] = self.senders.count
            self.senders.append(sender)
        }
        self.retryPolicy = retryPolicy
        senderGates = Array(repeating: .closed, count: self.senders.count)
        staleGates = Array(repeating: true, count: self.senders.count)
        for campaign in campaigns { setCampaign(campaign) }
    }

    /// The state of the sender called `name`.
    public func sender(named name: String) -> SenderState? {
        index(of: name).map { senders[$0] }
    }

    /// The state of the campaign called `name`.
    public func campaign(named name: String) -> CampaignState? {
        campaignIndex(of: name).map { campaigns[$0] }
    }

    /// Records that a sender's session came up or went down.
    public mutating func setConnected(_ isConnected: Bool, sender name: String) {
        guard let index = index(of: name) else { return }
        senders[index].isConnected = isConnected
        invalidateGate(index)
    }

    /// Replaces a sender's profile after a configuration reload, keeping its windows' sends.
    public mutating func update(profile: SenderProfile) {
        guard let index = index(of: profile.name) else { return }
        let old = senders[index]
        if old.profile.limits != profile.limits || old.profile.warmup != profile.warmup
            || old.profile.transportLimits != profile.transportLimits
        {
            var state = SenderState(profile: profile, warmupStart: old.quota.warmupStart, health: old.health, isConnected: old.isConnected)
            state.replaceSends(from: old)
            senders[index] = state
        } else {
            senders[index].profile = profile
        }
        invalidateGate(index)
    }

    /// Adds a campaign, or replaces the one with the same name.
    public mutating func setCampaign(_ campaign: CampaignState) {
        if let index = campaignIndex(of: campaign.name) {
            campaigns[index] = campaign
        } else {
            campaignIndexByName[campaign.name] = campaigns.count
            campaigns.append(campaign)
        }
    }

    /// Forgets a campaign: its candidates are no longer sent.
    public mutating func removeCampaign(named name: String) {
        guard let index = campaignIndex(of: name) else { return }
        campaigns.remove(at: index)
        campaignIndexByName = Dictionary(uniqueKeysWithValues: campaigns.enumerated().map { ($1.name, $0) })
    }

    /// Lifts a sender's pause (a person's decision) and starts its probation.
    /// - Returns: the event, or nil when it was not paused.
    @discardableResult
    public mutating func resume(sender name: String, at now: Date) -> SenderEvent? {
        guard let index = index(of: name), senders[index].health.isPaused || !senders[index].health.isHealthy else { return nil }
        senders[index].health.resume()
        invalidateGate(index)
        return .resumed(sender: name, automatically: false)
    }

    /// Pauses a sender until a person resumes it.
    @discardableResult
    public mutating func pause(sender name: String, reason: String, at now: Date) -> SenderEvent? {
        guard let index = index(of: name) else { return nil }
        let pause = SenderPause(cause: .manual, reason: reason, since: now, resumesAt: nil)
        senders[index].health.pause(pause)
        invalidateGate(index)
        return .paused(sender: name, pause: pause)
    }

    func index(of name: String) -> Int? {
        indexByName[name]
    }

    /// Ranks a start of sender `index` after every earlier one.
    mutating func rankStart(of index: Int) {
        startCount += 1
        senders[index].lastStart = startCount
    }

    func campaignIndex(of name: String) -> Int? {
        campaignIndexByName[name]
    }

    /// Marks a sender's gates for working out again.
    mutating func invalidateGate(_ index: Int) {
        staleGates[index] = true
    }

    /// Works out the gates of every sender that changed.
    mutating func refreshGates() {
        for index in staleGates.indices where staleGates[index] {
            senderGates[index] = computeGate(of: index)
            staleGates[index] = false
        }
    }
}

extension SenderState {
    /// Takes over the send history and pacing of the same sender's previous state.
    mutating func replaceSends(from old: SenderState) {
        quota = QuotaWindows(
            limits: profile.limits, warmup: profile.warmup, warmupStart: old.quota.warmupStart, slowdown: old.quota.slowdown,
            sends: old.quota.sendInstants)
        backoffUntil = old.backoffUntil
        lastUsedAt = old.lastUsedAt
        lastStart = old.lastStart
        busyUntil = old.busyUntil
        pacedUntil = old.pacedUntil
        spreadUntil = old.spreadUntil
    }
}
