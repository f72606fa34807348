import Foundation
import Scheduler
import Testing
import Transports

@Suite("Dispatcher selection")
struct DispatcherSelectionTests {
    typealias F = Fixtures
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the least recently used selectable sender goes first")
    func leastRecentlyUsed() {
        var dispatcher = Dispatcher(senders: [
            SenderState(profile: F.profile("a"), sends: [now.plus(-10)]),
            SenderState(profile: F.profile("b"), sends: [now.plus(-20)]),
            SenderState(profile: F.profile("c")),
        ])
        var random = F.random()
        let candidates = (1...4).map { F.reply("m\($0)", to: "+49151000000\($0)", senders: ["a", "b", "c"]) }
        let decision = dispatcher.decide(candidates, now: now, using: &random)
        #expect(decision.assignments.map(\.sender) == ["c", "b", "a", "c"], "all three were used at `now`; c first")
        #expect(decision.nextWake == nil)
    }

    @Test("messages started at one instant rotate over the senders: the one used first in the tick is the least recently used")
    func rotatesWithinATick() {
        var dispatcher = Dispatcher(senders: ["a", "b", "c"].map { SenderState(profile: F.profile($0)) })
        var random = F.random()
        let candidates = (1...7).map { F.reply("m\($0)", to: "+49151000000\($0)", senders: ["a", "b", "c"]) }
        let decision = dispatcher.decide(candidates, now: now, using: &random)
        #expect(decision.assignments.map(\.sender) == ["a", "b", "c", "a", "b", "c", "a"])
        let next = dispatcher.decide([F.reply("m8", to: "+491510000008", senders: ["a", "b", "c"])], now: now.plus(1), using: &random)
        #expect(next.assignments.map(\.sender) == ["b"], "b's last start was before a's and c's")
    }

    @Test("disabled, disconnected, paused and unhealthy senders are skipped")
    func skipsUnselectable() {
        var disabled = F.profile("disabled")
        disabled.isEnabled = false
        let pause = SenderPause(cause: .manual, reason: "test", since: now, resumesAt: nil)
        var dispatcher = Dispatcher(senders: [
            SenderState(profile: disabled),
            SenderState(profile: F.profile("offline"), isConnected: false),
            SenderState(profile: F.profile("paused"), health: SenderHealth(pause: pause)),
            SenderState(profile: F.profile("sick"), health: SenderHealth(score: 45)),
            SenderState(profile: F.profile("good"), sends: [now.plus(-1)]),
        ])
        var random = F.random()
        let all = ["disabled", "offline", "paused", "sick", "good"]
        let decision = dispatcher.decide([F.reply("m", to: "+1", senders: all)], now: now, using: &random)
        #expect(decision.assignments.map(\.sender) == ["good"])
        let stuck = dispatcher.decide([F.reply("n", to: "+2", senders: Array(all.dropLast()))], now: now, using: &random)
        #expect(stuck.assignments.isEmpty)
        #expect(stuck.nextWake == nil)
    }

    @Test("out of quota, the next wake is the instant the oldest send leaves the minute")
    func quotaWake() {
        let limits = QuotaLimits(perMinute: 2, perHour: 100, perDay: 1000)
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: limits), sends: [now.plus(-50), now.plus(-30)])])
        var random = F.random()
        let decision = dispatcher.decide([F.reply("m", to: "+1", senders: ["a"])], now: now, using: &random)
        #expect(decision.assignments.isEmpty)
        #expect(decision.nextWake == now.plus(10))
        let later = dispatcher.decide([F.reply("m", to: "+1", senders: ["a"])], now: now.plus(10), using: &random)
        #expect(later.assignments.map(\.sender) == ["a"])
    }

    @Test("a selectable sticky sender wins, and the message waits for it when it is out of quota")
    func stickyWaits() {
        let limits = QuotaLimits(perMinute: 1, perHour: 100, perDay: 1000)
        var dispatcher = Dispatcher(senders: [
            SenderState(profile: F.profile("a", limits: limits), sends: [now.plus(-20)]),
            SenderState(profile: F.profile("b")),
        ])
        var random = F.random()
        let reply = F.reply("m", to: "+1", senders: ["b", "a"], sticky: "a")
        let decision = dispatcher.decide([reply], now: now, using: &random)
        #expect(decision.assignments.isEmpty)
        #expect(decision.nextWake == now.plus(40))
        #expect(dispatcher.decide([reply], now: now.plus(40), using: &random).assignments.map(\.sender) == ["a"])
    }

    @Test("a paused, disconnected or disallowed sticky sender gives the message to another")
    func stickyFallsBack() {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a")), SenderState(profile: F.profile("b"))])
        var random = F.random()
        dispatcher.pause(sender: "a", reason: "test", at: now)
        #expect(
            dispatcher.decide([F.reply("1", to: "+1", senders: ["a", "b"], sticky: "a")], now: now, using: &random).assignments.map(\.sender) == ["b"]
        )
        dispatcher.resume(sender: "a", at: now)
        dispatcher.setConnected(false, sender: "a")
        #expect(
            dispatcher.decide([F.reply("2", to: "+2", senders: ["a", "b"], sticky: "a")], now: now, using: &random).assignments.map(\.sender) == ["b"]
        )
        dispatcher.setConnected(true, sender: "a")
        #expect(dispatcher.decide([F.reply("3", to: "+3", senders: ["b"], sticky: "a")], now: now, using: &random).assignments.map(\.sender) == ["b"])
        #expect(
            dispatcher.decide([F.reply("4", to: "+4", senders: ["a", "b"], sticky: "a")], now: now, using: &random).assignments.map(\.sender) == ["a"]
        )
    }

    @Test("conversation replies go out promptly; business messages wait for their pacing")
    func pacingOnlyForBusiness() throws {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"))])
        var random = F.random()
        let replies = dispatcher.decide((1...3).map { F.reply("r\($0)", to: "+\($0)", senders: ["a"]) }, now: now, using: &random)
        #expect(replies.assignments.count == 3)
        let business = dispatcher.decide((1...3).map { F.business("b\($0)", to: "+9\($0)", senders: ["a"]) }, now: now, using: &random)
        #expect(business.assignments.count == 1)
        let wake = try #require(business.nextWake)
        // 2-5 s of pacing, or a little more when the minute's spreading draws longer.
        #expect(wake >= now.plus(2) && wake <= now.plus(6))
    }

    @Test("pauses between business messages stay within minDelay...maxDelay when nothing needs spreading")
    func pacingBounds() throws {
        let roomy = QuotaLimits(perMinute: 10_000, perHour: 100_000, perDay: 1_000_000)
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: roomy))])
        var random = F.random(21)
        let candidates = (0..<300).map { F.business("b\($0)", to: "+49\($0)", senders: ["a"]) }
        let sent = dispatcher.drain(candidates, from: now, until: now.plus(86_400), random: &random)
        #expect(sent.count == 300)
        let gaps = zip(sent, sent.dropFirst()).map { $1.sendAt.timeIntervalSince($0.sendAt) }
        #expect(gaps.allSatisfy { $0 >= 2 && $0 <= 5 })
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        #expect(abs(mean - 3.5) < 0.2)
    }

    @Test("typing delays the send, which counts at the instant it goes out")
    func typing() throws {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"))])
        var random = F.random()
        let message = F.business("b", to: "+1", senders: ["a"], pacing: .standard, characters: 100)
        let assignment = try #require(dispatcher.decide([message], now: now, using: &random).assignments.first)
        #expect(assignment.typing == .seconds(5))
        #expect(assignment.sendAt == now.plus(5))
        #expect(dispatcher.sender(named: "a")?.quota.lastSend == now.plus(5))
        // Busy typing: even a reply waits until the message has gone out.
        let reply = dispatcher.decide([F.reply("r", to: "+2", senders: ["a"])], now: now, using: &random)
        #expect(reply.assignments.isEmpty)
        #expect(reply.nextWake == now.plus(5))
    }

    @Test("a low hour quota is spread over the hour, not sent back to back")
    func spreading() throws {
        let limits = QuotaLimits(perMinute: 20, perHour: 30, perDay: 5000)
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: limits))])
        var random = F.random(4)
        let candidates = (0..<30).map { F.business("b\($0)", to: "+49\($0)", senders: ["a"]) }
        let sent = dispatcher.drain(candidates, from: now, until: now.plus(7200), random: &random)
        #expect(sent.count == 30)
        let span = try #require(sent.last).sendAt.timeIntervalSince(now)
        // Back to back at 2-5 s the thirty would be gone in two minutes.
        #expect(span > 2400 && span < 3900)
        let longestGap = zip(sent, sent.dropFirst()).map { $1.sendAt.timeIntervalSince($0.sendAt) }.max() ?? 0
        #expect(longestGap < 900)
    }

    @Test("the pair limit allows a burst to one contact, then one message per 6 seconds")
    func pairLimit() {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", transport: TransportLimits(pair: .standard)))])
        var random = F.random()
        let decision = dispatcher.decide((1...12).map { F.reply("r\($0)", to: "+1", senders: ["a"]) }, now: now, using: &random)
        #expect(decision.assignments.count == 10)
        #expect(decision.nextWake == now.plus(6))
        let other = dispatcher.decide([F.reply("x", to: "+2", senders: ["a"])], now: now, using: &random)
        #expect(other.assignments.count == 1)
    }

    @Test("the throughput cap allows 80 at once, then one every 12.5 ms")
    func throughput() throws {
        let limits = QuotaLimits(perMinute: 1000, perHour: 10_000, perDay: 100_000)
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: limits, transport: .standard(for: .cloudAPI)))])
        var random = F.random()
        let decision = dispatcher.decide((1...100).map { F.reply("r\($0)", to: "+\($0)", senders: ["a"]) }, now: now, using: &random)
        #expect(decision.assignments.count == 80)
        let wake = try #require(decision.nextWake)
        #expect(abs(wake.timeIntervalSince(now) - 0.0125) < 1e-5)
    }

    @Test("notBefore holds a message back; an unknown campaign is never sent")
    func gates() {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"))])
        var random = F.random()
        let later = dispatcher.decide([F.reply("r", to: "+1", senders: ["a"], notBefore: now.plus(30))], now: now, using: &random)
        #expect(later.assignments.isEmpty && later.nextWake == now.plus(30))
        let orphan = dispatcher.decide([F.business("b", to: "+1", senders: ["a"], campaign: "gone")], now: now, using: &random)
        #expect(orphan.assignments.isEmpty && orphan.nextWake == nil)
    }

    @Test("a dispatcher rebuilt from the send log waits exactly as long as the one that sent")
    func restart() {
        let limits = QuotaLimits(perMinute: 5, perHour: 40, perDay: 100)
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: limits))])
        var random = F.random()
        let replies = (0..<60).map { F.reply("r\($0)", to: "+\($0)", senders: ["a"]) }
        let sent = dispatcher.drain(replies, from: now, until: now.plus(1800), random: &random)
        #expect(sent.count == 40)
        var restarted = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: limits), sends: sent.map(\.sendAt))])
        let probe = [F.reply("probe", to: "+999", senders: ["a"])]
        let before = dispatcher.decide(probe, now: now.plus(1800), using: &random)
        let after = restarted.decide(probe, now: now.plus(1800), using: &random)
        #expect(before.nextWake == after.nextWake)
        #expect(before.nextWake == sent[0].sendAt.plus(3600))
    }

    @Test("a new number's warm-up holds it to its first day's quota until the ramp's next day")
    func warmup() {
        let profile = SenderProfile(name: "new", warmup: WarmupRamp(days: 5, from: 3, to: 5000), transportLimits: .none)
        var dispatcher = Dispatcher(senders: [SenderState(profile: profile, warmupStart: now)])
        var random = F.random()
        let replies = (0..<5).map { F.reply("r\($0)", to: "+\($0)", senders: ["new"]) }
        let first = dispatcher.decide(replies, now: now.plus(3600), using: &random)
        #expect(first.assignments.count == 3)
        // Day 2 of the ramp (24 h after the start) comes before the first send leaves the day window.
        #expect(first.nextWake == now.plus(86_400))
    }

    @Test("a reloaded profile keeps the sender's sends and applies its new limits")
    func reload() {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"), sends: [now.plus(-30), now.plus(-20), now.plus(-10)])])
        var random = F.random()
        dispatcher.update(profile: F.profile("a", limits: QuotaLimits(perMinute: 3, perHour: 100, perDay: 1000)))
        #expect(dispatcher.sender(named: "a")?.quota.retainedSends == 3)
        let decision = dispatcher.decide([F.reply("r", to: "+1", senders: ["a"])], now: now, using: &random)
        #expect(decision.assignments.isEmpty && decision.nextWake == now.plus(30))
    }

    @Test("a removed campaign's messages are no longer sent")
    func removedCampaign() {
        var dispatcher = Dispatcher(
            senders: [SenderState(profile: F.profile("a"))], campaigns: [CampaignState(name: "sale", schedule: SendingSchedule())])
        var random = F.random()
        let message = F.business("m", to: "+1", senders: ["a"], campaign: "sale")
        dispatcher.removeCampaign(named: "sale")
        let decision = dispatcher.decide([message], now: now, using: &random)
        #expect(decision.assignments.isEmpty && decision.nextWake == nil)
        dispatcher.setCampaign(CampaignState(name: "sale", schedule: SendingSchedule()))
        #expect(dispatcher.decide([message], now: now, using: &random).assignments.count == 1)
    }
}
