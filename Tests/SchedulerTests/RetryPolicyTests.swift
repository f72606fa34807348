import Foundation
import Scheduler
import Testing
import Transports

@Suite("RetryPolicy")
struct RetryPolicyTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("the provider's delay is used as given, even beyond the cap")
    func adviceWins() {
        var random = Fixtures.random()
        let advice = RetryAdvice(delay: .seconds(3600), scope: .sender, code: "131048", reason: "spam")
        #expect(RetryPolicy.standard.nextAttempt(after: 1, advice: advice, now: now, using: &random) == now.plus(3600))
    }

    @Test("without a delay the backoff doubles with equal jitter and is capped")
    func backoff() throws {
        var random = Fixtures.random()
        let policy = RetryPolicy(maxAttempts: 20, baseDelay: .seconds(4), maxDelay: .seconds(60))
        for (attempt, full) in [(1, 4.0), (2, 8), (3, 16), (4, 32), (5, 60), (12, 60)] {
            for _ in 0..<50 {
                let next = try #require(policy.nextAttempt(after: attempt, advice: nil, now: now, using: &random))
                let delay = next.timeIntervalSince(now)
                #expect(delay >= full / 2 && delay <= full)
            }
        }
    }

    @Test("the last attempt allowed gives up")
    func givesUp() {
        var random = Fixtures.random()
        let policy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(10))
        #expect(policy.nextAttempt(after: 2, advice: nil, now: now, using: &random) != nil)
        #expect(policy.nextAttempt(after: 3, advice: nil, now: now, using: &random) == nil)
    }
}
