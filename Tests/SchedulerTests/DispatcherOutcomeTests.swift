import Foundation
import Scheduler
import Testing
import Transports

@Suite("Dispatcher outcomes")
struct DispatcherOutcomeTests {
    typealias F = Fixtures
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Two senders of one application and one of another.
    func world(resumeAfter: Duration? = nil) -> Dispatcher {
        Dispatcher(senders: [
            SenderState(profile: F.profile("a", resumeAfter: resumeAfter, application: "app-1")),
            SenderState(profile: F.profile("b", application: "app-1")),
            SenderState(profile: F.profile("c", application: "app-2")),
        ])
    }

    func send(_ dispatcher: inout Dispatcher, to recipient: String = "+1", on sender: String, at instant: Date) throws -> Assignment {
        var random = F.random()
        let decision = dispatcher.decide([F.reply("m-\(recipient)", to: recipient, senders: [sender])], now: instant, using: &random)
        return try #require(decision.assignments.first)
    }

    func senders(_ dispatcher: inout Dispatcher, for recipient: String, at instant: Date) -> [String] {
        var random = F.random()
        let candidates = ["a", "b", "c"].map { F.reply("probe-\($0)", to: recipient, senders: [$0]) }
        return dispatcher.decide(candidates, now: instant, using: &random).assignments.map(\.sender)
    }

    @Test("an accepted send raises health by one")
    func accepted() throws {
        var dispatcher = Dispatcher(senders: [SenderState(profile: F.profile("a"), health: SenderHealth(score: 90))])
        var random = F.random()
        let assignment = try send(&dispatcher, on: "a", at: now)
        let result = dispatcher.handle(F.accepted, of: assignment, attempt: 1, at: now, using: &random)
        #expect(result == OutcomeResult(fate: .sent))
        #expect(dispatcher.sender(named: "a")?.health.score == 91)
    }

    @Test("a sender-wide rate limit backs that sender off without a health penalty")
    func senderScope() throws {
        var dispatcher = world()
        var random = F.random()
        let assignment = try send(&dispatcher, on: "a", at: now)
        let advice = RetryAdvice(delay: .seconds(30), scope: .sender, code: "130429", reason: "throughput")
        let result = dispatcher.handle(.retryLater(advice), of: assignment, attempt: 1, at: now, using: &random)
        #expect(result.fate == .retry(at: now.plus(30), reason: "throughput"))
        #expect(result.events == [.backedOff(sender: "a", until: now.plus(30), reason: "throughput")])
        #expect(dispatcher.sender(named: "a")?.health == SenderHealth())
        #expect(senders(&dispatcher, for: "+2", at: now.plus(29)) == ["b", "c"])
        #expect(senders(&dispatcher, for: "+3", at: now.plus(30)) == ["a", "b", "c"])
    }

    @Test("a pair rate limit holds back only that sender to that contact")
    func recipientScope() throws {
        var dispatcher = world()
        var random = F.random()
        let assignment = try send(&dispatcher, on: "a", at: now)
        let advice = RetryAdvice(delay: .seconds(10), scope: .recipient, code: "131056", reason: "pair")
        _ = dispatcher.handle(.retryLater(advice), of: assignment, attempt: 1, at: now, using: &random)
        #expect(senders(&dispatcher, for: "+1", at: now.plus(5)) == ["b", "c"])
        #expect(senders(&dispatcher, for: "+2", at: now.plus(5)) == ["a", "b", "c"])
        #expect(senders(&dispatcher, for: "+1", at: now.plus(10)) == ["a", "b", "c"])
    }

    @Test("an application-wide limit holds back every sender of the application")
    func applicationScope() throws {
        var dispatcher = world()
        var random = F.random()
        let assignment = try send(&dispatcher, on: "b", at: now)
        let advice = RetryAdvice(delay: .seconds(60), scope: .application, code: "4", reason: "app limit")
        let result = dispatcher.handle(.retryLater(advice), of: assignment, attempt: 1, at: now, using: &random)
        #expect(result.events == [.applicationHeld(application: "app-1", until: now.plus(60), reason: "app limit")])
        #expect(senders(&dispatcher, for: "+2", at: now.plus(59)) == ["c"])
        #expect(senders(&dispatcher, for: "+3", at: now.plus(60)) == ["a", "b", "c"])
    }

    @Test("a spam slowdown cuts the sender's quotas for its duration")
    func slowdown() throws {
        var dispatcher = world()
        var random = F.random()
        let assignment = try send(&dispatcher, on: "a", at: now)
        let slowdown = SenderSlowdown(rateFactor: 0.5, duration: .seconds(7200), reason: "spam")
        let advice = RetryAdvice(delay: .seconds(900), scope: .sender, code: "131048", reason: "spam", slowdown: slowdown)
        let result = dispatcher.handle(.retryLater(advice), of: assignment, attempt: 1, at: now, using: &random)
        #expect(result.events.contains(.slowedDown(sender: "a", slowdown: QuotaSlowdown(rateFactor: 0.5, until: now.plus(7200), reason: "spam"))))
        let quota = try #require(dispatcher.sender(named: "a")).quota
        #expect(quota.limit(of: .minute, at: now.plus(3600)) == 10)
        #expect(quota.limit(of: .day, at: now.plus(3600)) == 2500)
        #expect(quota.limit(of: .minute, at: now.plus(7200)) == 20)
    }

    @Test("recipient and message failures fail the message and leave the sender alone")
    func permanentFailures() throws {
        var dispatcher = world()
        var random = F.random()
        let assignment = try send(&dispatcher, on: "a", at: now)
        let outcomes: [SendOutcome] = [
            .failedForRecipient(code: "131026", reason: "not on WhatsApp"), .failedMessage(code: "132001", reason: "no template"),
        ]
        for outcome in outcomes {
            let result = dispatcher.handle(outcome, of: assignment, attempt: 1, at: now, using: &random)
            #expect(result.fate == .failed(code: outcome.code ?? "", reason: Self.reason(of: outcome)))
            #expect(result.events.isEmpty)
        }
        #expect(dispatcher.sender(named: "a")?.health == SenderHealth())
    }

    @Test("a sender failure pauses the sender until a person resumes it, and requeues the message")
    func senderFailure() throws {
        var dispatcher = world(resumeAfter: .seconds(60))
        var random = F.random()
        let assignment = try send(&dispatcher, on: "a", at: now)
        let result = dispatcher.handle(.failedForSender(code: "190", reason: "token expired"), of: assignment, attempt: 1, at: now, using: &random)
        #expect(result.fate == .retry(at: now, reason: "token expired"))
        let pause = SenderPause(cause: .senderFailure, reason: "190: token expired", since: now, resumesAt: nil)
        #expect(result.events == [.paused(sender: "a", pause: pause)])
        #expect(senders(&dispatcher, for: "+2", at: now.plus(86_400)) == ["b", "c"])
        #expect(dispatcher.resume(sender: "a", at: now.plus(86_400)) == .resumed(sender: "a", automatically: false))
        #expect(senders(&dispatcher, for: "+3", at: now.plus(86_400)) == ["a", "b", "c"])
    }

    @Test("ten unknown outcomes in a row pause the sender; after its probation it resumes by itself")
    func unknownStreak() throws {
        var dispatcher = world(resumeAfter: .seconds(1800))
        var random = F.random()
        var instant = now
        var events: [SenderEvent] = []
        for index in 0..<10 {
            let assignment = try send(&dispatcher, to: "+\(index)", on: "a", at: instant)
            let result = dispatcher.handle(
                .unknown(code: "http.timed-out", reason: "no answer"), of: assignment, attempt: 1, at: instant, using: &random)
            #expect(result.fate == .unknown(code: "http.timed-out", reason: "no answer"))
            events += result.events
            instant = instant.plus(10)
        }
        let pauseStart = instant.plus(-10)
        let expected = SenderPause(
            cause: .consecutiveFailures, reason: "10 failures in a row; the last: http.timed-out: no answer", since: pauseStart,
            resumesAt: pauseStart.plus(1800))
        #expect(events == [.paused(sender: "a", pause: expected)])
        #expect(dispatcher.sender(named: "a")?.health.score == 50)
        let waiting = dispatcher.decide([F.reply("w", to: "+99", senders: ["a"])], now: instant, using: &random)
        #expect(waiting.assignments.isEmpty && waiting.nextWake == pauseStart.plus(1800))
        let resumed = dispatcher.decide([F.reply("w", to: "+99", senders: ["a"])], now: pauseStart.plus(1800), using: &random)
        #expect(resumed.events == [.resumed(sender: "a", automatically: true)])
        #expect(resumed.assignments.map(\.sender) == ["a"])
    }

    @Test("a message held back on its last attempt fails")
    func givesUp() throws {
        var dispatcher = world()
        dispatcher.retryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .seconds(1), maxDelay: .seconds(5))
        var random = F.random()
        let assignment = try send(&dispatcher, on: "c", at: now)
        let advice = RetryAdvice(delay: .seconds(2), scope: .sender, code: "simulator.unavailable", reason: "outage")
        #expect(
            dispatcher.handle(.retryLater(advice), of: assignment, attempt: 1, at: now, using: &random).fate
                == .retry(at: now.plus(2), reason: "outage"))
        let last = dispatcher.handle(.retryLater(advice), of: assignment, attempt: 2, at: now, using: &random)
        #expect(last.fate == .failed(code: "simulator.unavailable", reason: "gave up after 2 attempts: outage"))
    }

    static func reason(of outcome: SendOutcome) -> String {
        switch outcome {
        case .failedForRecipient(_, let reason), .failedMessage(_, let reason), .failedForSender(_, let reason), .unknown(_, let reason): reason
        case .retryLater(let advice): advice.reason
        case .accepted: ""
        }
    }
}
