import Foundation
import Scheduler
import Store
import Transports

extension OutboxDispatcher {
    /// Takes a reloaded configuration: its senders' transports and profiles and its routes.
    ///
    /// Senders that stay keep their state (windows, health, pauses, pacing); new senders
    /// are restored from the store, where an earlier run may have left sends and a pause;
    /// removed senders stop. Messages decided but not handed to their sender yet are
    /// decided again under the new routes, so a campaign paused by the reload claims
    /// nothing more; sends already started finish on the transport they started on.
    public func reconfigure(transports: [String: any Transport], senders: [SenderProfile], routes: OutboxRoutes) throws(RuntimeError) {
        try start()
        let now = self.now()
        let newSenders = senders.map(\.name).filter { scheduler.sender(named: $0) == nil }
        let schedules = routes.schedules
        let newCampaigns = schedules.keys.filter { scheduler.campaign(named: $0) == nil }.sorted()
        var history = DispatchHistory()
        if !newSenders.isEmpty || !newCampaigns.isEmpty {
            history = try storing { () throws(StoreError) in
                try store.dispatchHistory(
                    senders: newSenders, campaigns: newCampaigns, sendsSince: now.addingTimeInterval(-86_400),
                    campaignSendsSince: now.addingTimeInterval(-2 * 86_400))
            }
        }
        scheduler.reconfigure(
            senders: senders,
            newSender: { profile in SenderState(restoring: profile, from: history, isConnected: transports[profile.name] != nil, now: now) },
            campaigns: schedules)
        for name in newCampaigns {
            if let schedule = schedules[name] {
                scheduler.setCampaign(Scheduler.CampaignState(name: name, schedule: schedule, sends: history.campaignSends[name] ?? []))
            }
        }
        for name in transports.keys where self.transports[name] == nil {
            scheduler.setConnected(true, sender: name)
        }
        for name in self.transports.keys where transports[name] == nil {
            scheduler.setConnected(false, sender: name)
        }
        self.transports = transports
        self.profiles = senders
        self.windowSenders = Set(senders.filter(\.requiresServiceWindow).map(\.name))
        self.routes = routes
        for (id, send) in pending where !send.isSendStarted {
            pending[id] = nil
        }
        changeCount += 1
        wake()
    }
}
