/// The simulator's decisions, as a value: given a recipient, what the next send waits
/// and what it answers. No clock and no I/O, so a seed fixes every answer.
///
/// Each send draws its latency and one failure roll, in that order, whatever the answer,
/// so the sequence for a seed does not depend on the recipients. The rules, first match
/// wins:
/// 1. a recipient matching an undeliverable pattern fails for the recipient
///    (`simulator.undeliverable`);
/// 2. every `rateLimitEvery`-th send is refused for 1 s, sender scope
///    (`simulator.rate-limited`);
/// 3. with probability `failureRate` the send fails; failures alternate, starting with
///    a passing outage (`retryLater`, `simulator.unavailable`, like an HTTP 503, 2^attempt s
///    up to 60 s) then a recipient failure (`simulator.failed`), so both paths show up;
/// 4. otherwise it is accepted.
struct SimulatorModel: Sendable {
    /// What one send waits and answers.
    struct Decision: Sendable, Hashable {
        /// `sim.<sender>.<counter>`, counting every send from 1.
        var id: String
        /// The virtual time the send takes.
        var latency: Duration
        /// The answer.
        var outcome: SendOutcome
    }

    let configuration: SimulatorConfiguration
    private let patterns: [SimulatorPattern]
    private var random: SimulatorRandomSource
    private var sendCount = 0
    private var failureCount = 0
    private var inboundCount = 0

    /// `<sender>` or `<sender>.<run>`: what every id starts with after `sim.`.
    private var idStem: String {
        configuration.runID.map { "\(configuration.senderName).\($0)" } ?? configuration.senderName
    }

    init(configuration: SimulatorConfiguration) {
        self.configuration = configuration
        patterns = configuration.undeliverable.map(SimulatorPattern.init)
        random = configuration.seed.map(SimulatorRandomSource.init(seed:)) ?? SimulatorRandomSource()
    }

    /// Decides the next send to `recipient`; `attempt` sizes the outage backoff.
    mutating func decide(recipient: String, attempt: Int) -> Decision {
        sendCount += 1
        let id = "sim.\(idStem).\(sendCount)"
        let latency = drawLatency()
        let roll = Double.random(in: 0..<1, using: &random)
        if patterns.contains(where: { $0.matches(recipient) }) {
            return Decision(
                id: id, latency: latency,
                outcome: .failedForRecipient(code: "simulator.undeliverable", reason: "\(recipient) is listed as undeliverable in the simulator"))
        }
        if let every = configuration.rateLimitEvery, every > 0, sendCount.isMultiple(of: every) {
            let advice = RetryAdvice(
                delay: .seconds(1), scope: .sender, code: "simulator.rate-limited", reason: "the simulator rate-limits one send in \(every)")
            return Decision(id: id, latency: latency, outcome: .retryLater(advice))
        }
        if roll < configuration.failureRate {
            failureCount += 1
            if failureCount.isMultiple(of: 2) {
                return Decision(
                    id: id, latency: latency, outcome: .failedForRecipient(code: "simulator.failed", reason: "simulated failure for \(recipient)"))
            }
            let delay = Duration.seconds(min(1 << min(max(attempt, 0), 6), 60))
            let advice = RetryAdvice(delay: delay, scope: .sender, code: "simulator.unavailable", reason: "simulated outage (like an HTTP 503)")
            return Decision(id: id, latency: latency, outcome: .retryLater(advice))
        }
        return Decision(id: id, latency: latency, outcome: .accepted(providerMessageID: id, waID: Self.waID(recipient)))
    }

    /// The id of the next inbound message: `sim.<sender>.in.<counter>`.
    mutating func nextInboundID() -> String {
        inboundCount += 1
        return "sim.\(idStem).in.\(inboundCount)"
    }

    /// A number's WhatsApp id: its digits, without `+` or separators.
    static func waID(_ phone: String) -> String {
        // On bytes: the ASCII digits are the only ASCII characters that are numbers, and
        // filtering Characters cost more than the rest of a simulated send.
        var digits: [UInt8] = []
        digits.reserveCapacity(phone.utf8.count)
        for byte in phone.utf8 where byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
            digits.append(byte)
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private mutating func drawLatency() -> Duration {
        let lower = Self.nanoseconds(configuration.latency.lowerBound)
        let upper = Self.nanoseconds(configuration.latency.upperBound)
        guard lower < upper else { return configuration.latency.lowerBound }
        return .nanoseconds(Int64.random(in: lower...upper, using: &random))
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
