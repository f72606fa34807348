import Foundation
import Scheduler
import Testing
import Transports

@Suite("Dispatcher burst traffic and restored pacing")
struct BurstAndRestoredPacingTests {
    typealias F = Fixtures
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Burst messages to distinct contacts.
    func bursts(_ count: Int, senders: [String] = ["a"], to recipient: ((Int) -> String)? = nil) -> [Candidate] {
        (0..<count).map { index in
            Candidate(id: "b\(index)", recipient: recipient?(index) ?? "+1555000\(1000 + index)", traffic: .burst, allowedSenders: senders)
        }
    }

    @Test("burst messages go back to back, with no pacing, spreading or typing, and leave the pacing of paced messages alone")
    func noPacing() {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"))])
        var random = F.random()
        let decision = dispatcher.decide(bursts(5), now: now, using: &random)
        #expect(decision.assignments.count == 5)
        #expect(decision.assignments.allSatisfy { $0.startAt == now && $0.sendAt == now && $0.typing == .zero && !$0.isBusiness })
        #expect(dispatcher.sender(named: "a")?.pacedUntil == nil)
        #expect(dispatcher.sender(named: "a")?.spreadUntil == nil)
    }

    @Test("burst messages keep every quota window: the minute's limit holds the rest until a slot frees")
    func quotaHolds() {
        let limits = QuotaLimits(perMinute: 3, perHour: 100, perDay: 1000)
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a", limits: limits))])
        var random = F.random()
        let assignments = dispatcher.drain(bursts(7), from: now, until: now.plus(600), random: &random)
        #expect(assignments.count == 7)
        let instants = assignments.map(\.sendAt)
        #expect(instants.prefix(3).allSatisfy { $0 == now })
        for index in instants.indices.dropFirst(3) {
            #expect(instants[index].timeIntervalSince(instants[index - 3]) >= 60, "more than 3 in a minute at \(index)")
        }
    }

    @Test("burst messages keep the pair limit and the throughput cap")
    func pairAndThroughput() {
        let pair = PairLimit(interval: .seconds(6), burst: 2)
        var dispatcher = Dispatcher(senders: [
            SenderState(profile: F.profile("a", limits: .init(perMinute: 1000, perHour: 10_000, perDay: 100_000), transport: .init(pair: pair)))
        ])
        var random = F.random()
        let sameContact = dispatcher.drain(bursts(4, to: { _ in "+15550001000" }), from: now, until: now.plus(600), random: &random)
        #expect(sameContact.map { $0.sendAt.timeIntervalSince(now) } == [0, 0, 6, 12])

        let capped = TransportLimits(pair: nil, messagesPerSecond: 2)
        var throughput = Dispatcher(senders: [
            SenderState(profile: F.profile("a", limits: .init(perMinute: 1000, perHour: 10_000, perDay: 100_000), transport: capped))
        ])
        let assignments = throughput.drain(bursts(6), from: now, until: now.plus(600), random: &random)
        #expect(assignments.count == 6)
        #expect(assignments.last.map { $0.sendAt.timeIntervalSince(now) >= 2 } == true, "2 a second, 2 deep: the sixth waits 2 s")
    }

    @Test("a burst message does not wait for a paced message's pause, which still holds the next paced one")
    func burstBesidePaced() throws {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"))])
        var random = F.random()
        let first = dispatcher.decide([F.business("p1", to: "+1", senders: ["a"])], now: now, using: &random)
        #expect(first.assignments.count == 1)
        let sender = try #require(dispatcher.sender(named: "a"))
        let held = try #require(sender.pacedUntil.map { max($0, sender.spreadUntil ?? $0) })
        let next = dispatcher.decide(bursts(1) + [F.business("p2", to: "+2", senders: ["a"])], now: now.plus(0.5), using: &random)
        #expect(next.assignments.map(\.candidateID) == ["b0"])
        #expect(next.nextWake == held)
        #expect(dispatcher.sender(named: "a")?.pacedUntil == sender.pacedUntil, "the burst moved no pacing")
    }

    @Test("a sender restored with its pacing holds business messages until then, not replies or bursts")
    func restoredPacing() {
        var dispatcher = Dispatcher(senders: [
            SenderState(profile: F.profile("a"), sends: [now.plus(-1)], pacedUntil: now.plus(3), spreadUntil: now.plus(4))
        ])
        var random = F.random()
        let decision = dispatcher.decide(
            [F.business("p", to: "+1", senders: ["a"]), F.reply("r", to: "+2", senders: ["a"])] + bursts(1), now: now, using: &random)
        #expect(decision.assignments.map(\.candidateID) == ["r", "b0"])
        #expect(decision.nextWake == now.plus(4), "the spreading ends after the pause")
        #expect(dispatcher.decide([F.business("p", to: "+1", senders: ["a"])], now: now.plus(4), using: &random).assignments.count == 1)
    }
}
