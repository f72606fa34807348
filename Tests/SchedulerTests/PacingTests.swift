import Foundation
import Manifest
import Scheduler
import Testing

@Suite("Pacing and typing")
struct PacingTests {
    @Test("typing takes 50 ms a character, between 1 and 8 seconds")
    func typing() {
        let typing = TypingSimulation.standard
        #expect(typing.duration(forCharacters: 0) == .seconds(1))
        #expect(typing.duration(forCharacters: 20) == .seconds(1))
        #expect(typing.duration(forCharacters: 100) == .seconds(5))
        #expect(typing.duration(forCharacters: 1000) == .seconds(8))
        #expect(typing.duration(for: "Hallo 👋🏽") == .seconds(1))
    }

    @Test("pacing without typing has no typing time; bounds given backwards are swapped")
    func rules() {
        let rule = PacingRule(minDelay: .seconds(9), maxDelay: .seconds(3), typing: nil)
        #expect(rule.minDelay == .seconds(3))
        #expect(rule.maxDelay == .seconds(9))
        #expect(rule.typingDuration(forCharacters: 400) == .zero)
        #expect(PacingRule.standard.typingDuration(forCharacters: 400) == .seconds(8))
    }
}
