import Foundation
import Scheduler
import Testing

@Suite("SenderHealth")
struct SenderHealthTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("success adds one up to 100 and ends a failure streak")
    func success() {
        var health = SenderHealth(score: 99, consecutiveFailures: 3)
        health.recordSuccess()
        health.recordSuccess()
        #expect(health.score == 100)
        #expect(health.consecutiveFailures == 0)
    }

    @Test("ten failures in a row pause the sender, with probation when it has one")
    func streakPauses() throws {
        var health = SenderHealth()
        for attempt in 1...9 {
            #expect(health.recordFailure(reason: "timeout", at: now, probation: .seconds(1800)) == nil)
            #expect(health.consecutiveFailures == attempt)
        }
        let tenth = health.recordFailure(reason: "timeout", at: now, probation: .seconds(1800))
        let pause = try #require(tenth)
        #expect(pause.cause == .consecutiveFailures)
        #expect(pause.resumesAt == now.plus(1800))
        #expect(pause.reason == "10 failures in a row; the last: timeout")
        #expect(health.score == 50)
        #expect(!health.isSelectable)
    }

    @Test("health below 50 pauses the sender even without a streak; resume starts probation at 50")
    func lowHealth() throws {
        var health = SenderHealth(score: 52)
        let started = health.recordFailure(reason: "unknown", at: now, probation: nil)
        let pause = try #require(started)
        #expect(pause.cause == .lowHealth)
        #expect(pause.resumesAt == nil)
        #expect(health.score == 47)
        health.resume()
        #expect(health.score == 50)
        #expect(health.consecutiveFailures == 0)
        #expect(health.isSelectable)
    }

    @Test("the score never leaves 0...100")
    func bounds() {
        var health = SenderHealth(score: 3)
        health.recordFailure(reason: "x", at: now, probation: nil)
        #expect(health.score == 0)
        #expect(SenderHealth(score: 400).score == 100)
    }
}
