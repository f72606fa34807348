import Foundation

extension Dispatcher {
    /// Takes a reloaded configuration's senders and campaigns, keeping what is known.
    ///
    /// A sender that stays keeps its state (sends in its windows, health, pauses,
    /// pacing) under its new profile, as ``update(profile:)`` does; a new sender starts
    /// from `newSender` (the daemon restores it from the store, where an earlier run may
    /// have left it); a sender no longer listed is dropped, and messages that name only
    /// it wait. A campaign that stays keeps its daily count and spreading under its new
    /// schedule; campaigns no longer listed are forgotten.
    public mutating func reconfigure(
        senders profiles: [SenderProfile], newSender: (SenderProfile) -> SenderState, campaigns schedules: [String: SendingSchedule]
    ) {
        var states: [SenderState] = []
        var seen: Set<String> = []
        for profile in profiles where seen.insert(profile.name).inserted {
            if let index = index(of: profile.name) {
                update(profile: profile)
                states.append(senders[index])
            } else {
                states.append(newSender(profile))
            }
        }
        self = Dispatcher(
            rebuilding: self, senders: states,
            campaigns: schedules.keys.sorted().compactMap { name in
                guard let schedule = schedules[name] else { return nil }
                return campaign(named: name).map { $0.rescheduled(schedule) } ?? CampaignState(name: name, schedule: schedule)
            })
    }

    /// A dispatcher with new senders and campaigns and the rest of `old`'s state.
    private init(rebuilding old: Dispatcher, senders: [SenderState], campaigns: [CampaignState]) {
        self.init(senders: senders, campaigns: campaigns, retryPolicy: old.retryPolicy)
        applicationHolds = old.applicationHolds
        pairs = old.pairs
    }
}

extension CampaignState {
    /// The same campaign under a new schedule, keeping today's count and spreading.
    func rescheduled(_ schedule: SendingSchedule) -> CampaignState {
        var state = CampaignState(name: name, schedule: schedule)
        state.capDay = capDay
        state.sentOnCapDay = sentOnCapDay
        state.spreadUntil = spreadUntil
        return state
    }
}
