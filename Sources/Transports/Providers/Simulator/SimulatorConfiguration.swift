/// How the simulator transport behaves for one sender: the transport's own copy of the
/// manifest's simulator settings plus the sender's identity, so this module does not
/// depend on the manifest.
///
/// Durations are virtual: they are measured on the clock the transport is given.
public struct SimulatorConfiguration: Sendable, Hashable {
    /// The sender's resource name; it names every id the simulator makes
    /// (`sim.<name>.<counter>`) and is the ``WebhookEvent/phoneNumberID`` of its events.
    public var senderName: String
    /// The sender's number as written (E.164).
    public var senderPhone: String
    /// How long a send takes; each send draws a uniform value from the range.
    public var latency: ClosedRange<Duration>
    /// The probability, from 0 to 1, that a deliverable send fails anyway.
    public var failureRate: Double
    /// Makes latencies and failures repeatable; nil draws a fresh seed from the system.
    public var seed: UInt64?
    /// Recipients that always fail, as written with `*` standing for any run of digits
    /// (`+1555019*`).
    public var undeliverable: [String]
    /// When `delivered` follows an accepted send.
    public var deliveredAfter: Duration
    /// When `read` follows an accepted send; never before `delivered`.
    public var readAfter: Duration
    /// Every n-th send is refused with a rate limit; nil never refuses.
    public var rateLimitEvery: Int?
    /// Names this process's run in every id (`sim.<name>.<run>.<counter>`), so ids stay
    /// unique across restarts when they are kept in a store: counters start again at 1
    /// in each process. nil (tests, throwaway sessions) leaves it out. See ``newRunID()``.
    public var runID: String?

    /// A fresh run id: eight hexadecimal digits, random.
    public static func newRunID() -> String {
        let value = UInt32.random(in: .min ... .max)
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }

    /// Creates a configuration; the defaults match the manifest's (no latency, no
    /// failures, delivered after 1 s, read after 5 s).
    public init(
        senderName: String, senderPhone: String, latency: ClosedRange<Duration> = .zero ... .zero, failureRate: Double = 0,
        seed: UInt64? = nil, undeliverable: [String] = [], deliveredAfter: Duration = .seconds(1), readAfter: Duration = .seconds(5),
        rateLimitEvery: Int? = nil
    ) {
        self.senderName = senderName
        self.senderPhone = senderPhone
        self.latency = latency
        self.failureRate = failureRate
        self.seed = seed
        self.undeliverable = undeliverable
        self.deliveredAfter = deliveredAfter
        self.readAfter = readAfter
        self.rateLimitEvery = rateLimitEvery
    }
}
