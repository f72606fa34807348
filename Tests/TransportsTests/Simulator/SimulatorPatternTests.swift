import Testing

@testable import Transports

/// How undeliverable patterns match recipients.
@Suite("Simulator patterns")
struct SimulatorPatternTests {
    @Test(arguments: ["+1555019", "+15550190", "+155501912345"])
    func aStarMatchesAnyRunOfDigits(_ recipient: String) {
        #expect(SimulatorPattern("+1555019*").matches(recipient))
    }

    @Test(arguments: ["+1555018", "+1555019x", "1555019", "+15550"])
    func otherCharactersMustMatchExactly(_ recipient: String) {
        #expect(!SimulatorPattern("+1555019*").matches(recipient))
    }

    @Test func aStarInTheMiddleMatchesToo() {
        #expect(SimulatorPattern("+1*99").matches("+1555099"))
        #expect(!SimulatorPattern("+1*99").matches("+1555098"))
    }
}
