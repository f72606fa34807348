import Foundation
import Scheduler
import Testing

@Suite("Dispatcher reconfigure")
struct DispatcherReconfigureTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("senders that stay keep their state, new ones come from the restorer, removed ones go; campaigns keep today's count")
    func reconfigure() {
        let limits = QuotaLimits(perMinute: 5, perHour: 50, perDay: 500)
        let pause = SenderPause(cause: .manual, reason: "held", since: now, resumesAt: nil)
        let kept = SenderState(
            profile: SenderProfile(name: "a", limits: limits, transportLimits: .none),
            health: SenderHealth(score: 80, consecutiveFailures: 0, pause: pause), isConnected: true)
        let gone = SenderState(profile: SenderProfile(name: "b", limits: limits, transportLimits: .none), isConnected: true)
        let schedule = SendingSchedule(dailyCap: 3)
        var dispatcher = Dispatcher(
            senders: [kept, gone], campaigns: [CampaignState(name: "spring", schedule: schedule, sends: [now, now.addingTimeInterval(1)])])

        var restored: [String] = []
        dispatcher.reconfigure(
            senders: [
                SenderProfile(name: "a", limits: limits, transportLimits: .none), SenderProfile(name: "c", limits: limits, transportLimits: .none),
            ],
            newSender: { profile in
                restored.append(profile.name)
                return SenderState(profile: profile, isConnected: false)
            },
            campaigns: ["spring": SendingSchedule(dailyCap: 5), "summer": SendingSchedule()])

        #expect(restored == ["c"])
        #expect(dispatcher.senders.map(\.name) == ["a", "c"])
        #expect(dispatcher.sender(named: "a")?.health.isPaused == true)
        #expect(dispatcher.sender(named: "b") == nil)
        #expect(dispatcher.sender(named: "c")?.isConnected == false)
        #expect(dispatcher.campaign(named: "spring")?.sentOnCapDay == 2)
        #expect(dispatcher.campaign(named: "spring")?.schedule.dailyCap == 5)
        #expect(dispatcher.campaign(named: "summer") != nil)

        dispatcher.reconfigure(senders: [], newSender: { SenderState(profile: $0) }, campaigns: [:])
        #expect(dispatcher.senders.isEmpty)
        #expect(dispatcher.campaigns.isEmpty)
    }
}
