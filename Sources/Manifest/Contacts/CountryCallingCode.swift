/// An assigned ITU-T E.164 country calling code, such as `1`, `44` or `880`.
///
/// Only codes in the ITU list of assigned codes can be created, so holding one means
/// it is real. Besides geographic codes the list has the shared and global-service
/// codes (`388`, `800`, `808`, `870`, `878`, `881`–`883`, `888`, `979`, `991`).
public struct CountryCallingCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The code as a number: `49` for Germany.
    public let value: Int

    /// Creates the code `value`, or `nil` when ITU-T has not assigned it.
    public init?(_ value: Int) {
        guard (1...999).contains(value) else { return nil }
        let digitCount = value < 10 ? 1 : value < 100 ? 2 : 3
        let leadingDigits = value * Self.powerOfTen(3 - digitCount)
        guard Self.codeLength(leadingDigits: leadingDigits) == digitCount else { return nil }
        self.value = value
    }

    /// Reads a code written the way Settings holds it: 1 to 3 digits with an optional
    /// leading `+` and surrounding spaces (`"1"`, `"+49"`); `nil` when malformed or
    /// not assigned.
    public init?(_ text: some StringProtocol) {
        var body = Substring(text).drop { $0 == " " }
        while body.last == " " {
            body.removeLast()
        }
        if body.first == "+" {
            body.removeFirst()
        }
        guard (1...3).contains(body.count), body.first != "0",
            body.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(body)
        else { return nil }
        self.init(value)
    }

    /// Wraps a value already looked up in the assignment table.
    init(uncheckedValue value: Int) {
        self.value = value
    }

    /// The number of digits in the code, 1 to 3.
    public var digitCount: Int {
        value < 10 ? 1 : value < 100 ? 2 : 3
    }

    /// The code with its `+`, as in `+49`.
    public var description: String {
        "+\(value)"
    }

    /// Orders codes numerically.
    public static func < (lhs: CountryCallingCode, rhs: CountryCallingCode) -> Bool {
        lhs.value < rhs.value
    }

    /// The length of the assigned code that starts an international number whose first
    /// three digits are `leadingDigits` (0...999), or 0 when no assigned code does.
    ///
    /// Assigned codes form a prefix-free set, so at most one length matches.
    static func codeLength(leadingDigits: Int) -> Int {
        Int(codeLengthByLeadingDigits[leadingDigits])
    }

    /// How the trunk prefix of a national number looks in this country.
    var trunkPrefix: TrunkPrefix {
        Self.trunkPrefixExceptions[value] ?? .zero
    }

    /// The lengths a national significant number may have in this country, for the few
    /// countries where the rule is simple and the mistakes are common; `nil` means
    /// only the E.164 total of 8 to 15 digits is checked.
    var nationalNumberLengths: ClosedRange<Int>? {
        Self.nationalNumberLengthsByCode[value]
    }

    /// `10^exponent` for exponents 0...19.
    static func powerOfTen(_ exponent: Int) -> Int {
        Int(powersOfTen[exponent])
    }

    /// `10^0` through `10^19`, the range of UInt64, for digit arithmetic on numbers.
    static let powersOfTen: [UInt64] = {
        var powers: [UInt64] = [1]
        for _ in 1...19 {
            powers.append(powers[powers.count - 1] * 10)
        }
        return powers
    }()
}
