/// The simulator's source of randomness: SplitMix64, small, fast and the same on every
/// platform, so a seed gives the same latencies and failures everywhere.
///
/// Not for anything secret.
public struct SimulatorRandomSource: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// Creates a source whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates a source seeded from `SystemRandomNumberGenerator`, different every run.
    public init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
