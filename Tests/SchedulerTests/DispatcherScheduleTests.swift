import Foundation
import Scheduler
import Testing

@Suite("Dispatcher campaign schedules")
struct DispatcherScheduleTests {
    typealias F = Fixtures

    func dispatcher(_ schedule: SendingSchedule) -> Dispatcher {
        Dispatcher(
            senders: [SenderState(profile: F.profile("a")), SenderState(profile: F.profile("b"))],
            campaigns: [CampaignState(name: "sale", schedule: schedule)])
    }

    @Test("outside the opening hours the next wake is the next opening, across the clock change")
    func waitsForOpening() throws {
        var dispatcher = dispatcher(SendingSchedule(hours: try F.hours("mon-fri", "09:00", "18:00"), timeZone: F.berlin))
        var random = F.random()
        let message = F.business("m", to: "+1", senders: ["a", "b"], campaign: "sale")
        let friday = try F.date("2026-03-27T18:00:00+01:00")
        let decision = dispatcher.decide([message], now: friday, using: &random)
        #expect(decision.assignments.isEmpty)
        let monday = try F.date("2026-03-30T09:00:00+02:00")
        #expect(decision.nextWake == monday)
        #expect(dispatcher.decide([message], now: monday, using: &random).assignments.count == 1)
    }

    @Test("a message that would go out after the close waits for the next opening")
    func typingMustFinishInside() throws {
        var dispatcher = dispatcher(SendingSchedule(hours: try F.hours("mon-fri", "09:00", "18:00"), timeZone: F.berlin))
        var random = F.random()
        let long = F.business("m", to: "+1", senders: ["a"], campaign: "sale", pacing: .standard, characters: 100)
        let late = try F.date("2026-03-30T17:59:56+02:00")
        let decision = dispatcher.decide([long], now: late, using: &random)
        #expect(decision.assignments.isEmpty)
        #expect(decision.nextWake == (try F.date("2026-03-31T09:00:00+02:00")))
        let short = F.business("n", to: "+2", senders: ["a"], campaign: "sale", pacing: .standard, characters: 10)
        let assignment = try #require(dispatcher.decide([short], now: late, using: &random).assignments.first)
        #expect(assignment.sendAt == late.plus(1))
    }

    @Test("nothing goes before the campaign's start")
    func start() throws {
        let start = try F.date("2026-04-01T12:00:00+02:00")
        var dispatcher = dispatcher(SendingSchedule(start: start, timeZone: F.berlin))
        var random = F.random()
        let decision = dispatcher.decide([F.business("m", to: "+1", senders: ["a"], campaign: "sale")], now: start.plus(-60), using: &random)
        #expect(decision.assignments.isEmpty && decision.nextWake == start)
    }

    @Test("a used-up daily cap holds the campaign until the next local day, and the cap is spread over the day")
    func dailyCap() throws {
        var dispatcher = dispatcher(SendingSchedule(hours: try F.hours("daily", "08:00", "20:00"), timeZone: F.berlin, dailyCap: 4))
        var random = F.random(9)
        let morning = try F.date("2026-03-30T08:00:00+02:00")
        let messages = (0..<6).map { F.business("m\($0)", to: "+\($0)", senders: ["a", "b"], campaign: "sale") }
        let sent = dispatcher.drain(messages, from: morning, until: morning.plus(2 * 86_400), random: &random)
        try #require(sent.count == 6)
        let midnight = try F.date("2026-03-31T00:00:00+02:00")
        #expect(sent.count { $0.startAt < midnight } == 4)
        // Four messages spread over twelve hours, not four in the first minute.
        #expect(sent[3].startAt.timeIntervalSince(morning) > 6 * 3600)
        #expect(sent[3].sendAt < (try F.date("2026-03-30T20:00:00+02:00")))
        #expect(sent[4].startAt == (try F.date("2026-03-31T08:00:00+02:00")))
        #expect(dispatcher.campaign(named: "sale")?.sentOnCapDay == 2)
    }

    @Test("a restarted campaign counts today's sends against its cap")
    func capSurvivesRestart() throws {
        let schedule = SendingSchedule(timeZone: F.berlin, dailyCap: 2)
        let noon = try F.date("2026-03-30T12:00:00+02:00")
        var dispatcher = Dispatcher(
            senders: [SenderState(profile: F.profile("a"))],
            campaigns: [CampaignState(name: "sale", schedule: schedule, sends: [noon.plus(-7200), noon.plus(-3600), noon.plus(-86_400)])])
        var random = F.random()
        let decision = dispatcher.decide([F.business("m", to: "+1", senders: ["a"], campaign: "sale")], now: noon, using: &random)
        #expect(decision.assignments.isEmpty)
        #expect(decision.nextWake == (try F.date("2026-03-31T00:00:00+02:00")))
    }
}
