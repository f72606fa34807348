/// An order-independent fingerprint of a contact list: the number of contacts and two
/// 64-bit sums over a hash of each contact's number and values.
///
/// `plan` compares the fingerprint of the list in git with the one recorded at the last
/// apply; only when they differ does it read the recorded contacts to count what was
/// added and removed, so a plan that changes nothing stays as fast as validate.
public struct ContactsFingerprint: Sendable, Hashable, CustomStringConvertible {
    /// How many contacts went in.
    public private(set) var count = 0
    private var sum: UInt64 = 0
    private var mixedSum: UInt64 = 0

    /// An empty fingerprint.
    public init() {}

    /// Adds one contact whose hash `RowHash` computed.
    public mutating func add(_ row: RowHash) {
        count += 1
        sum &+= Self.mix(row.value)
        mixedSum &+= Self.mix(row.value ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// `count-sum-mixedSum` in hex, as stored.
    public var description: String {
        "\(count)-" + String(sum, radix: 16) + "-" + String(mixedSum, radix: 16)
    }

    /// SplitMix64's finaliser: spreads every input bit over the output.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a over a contact's number and values, fed in column order.
    public struct RowHash: Sendable {
        fileprivate(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

        /// Starts a row with its E.164 number.
        public init(phone: PhoneNumber) {
            combine(phone.digits)
        }

        /// Adds one value's bytes, with a separator so ("ab","c") differs from ("a","bc").
        public mutating func combine(_ bytes: some Sequence<UInt8>) {
            for byte in bytes { step(byte) }
            step(0x1F)
        }

        private mutating func combine(_ number: UInt64) {
            var rest = number
            for _ in 0..<8 {
                step(UInt8(truncatingIfNeeded: rest))
                rest >>= 8
            }
        }

        private mutating func step(_ byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
    }
}
