/// A phone number in E.164 form: an assigned country calling code and at most 15 digits.
///
/// Stored as one integer, which is unambiguous because no country calling code starts
/// with 0; that keeps a million contacts small and makes duplicate checks hash a word.
/// Create one with `normalize(_:defaultCountryCode:)`.
public struct PhoneNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The E.164 digits read as one decimal number, country code first:
    /// `+49 30 1234567` is `49301234567`.
    public let digits: UInt64

    /// Wraps digits that already passed every E.164 check.
    init(digits: UInt64) {
        self.digits = digits
    }

    /// The number as `+` and digits, as WhatsApp and the configuration expect it: `+15550100001`.
    public var e164: String {
        let digitCount = Self.digitCount(of: digits)
        return String(unsafeUninitializedCapacity: digitCount + 1) { buffer in
            buffer[0] = UInt8(ascii: "+")
            var remaining = digits
            for index in stride(from: digitCount, through: 1, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
            }
            return digitCount + 1
        }
    }

    /// The country calling code the number starts with.
    public var countryCode: CountryCallingCode {
        let digitCount = Self.digitCount(of: digits)
        let leadingDigits = Int(digits / CountryCallingCode.powersOfTen[digitCount - 3])
        let codeLength = CountryCallingCode.codeLength(leadingDigits: leadingDigits)
        return CountryCallingCode(uncheckedValue: leadingDigits / CountryCallingCode.powerOfTen(3 - codeLength))
    }

    /// The E.164 form, `+15550100001`.
    public var description: String {
        e164
    }

    /// Orders numbers by their digits, which groups them by country calling code.
    public static func < (lhs: PhoneNumber, rhs: PhoneNumber) -> Bool {
        // Compare as digit strings so +1 999… sorts before +44 1…, as text would.
        let lhsCount = digitCount(of: lhs.digits)
        let rhsCount = digitCount(of: rhs.digits)
        let shared = min(lhsCount, rhsCount)
        let lhsPrefix = lhs.digits / CountryCallingCode.powersOfTen[lhsCount - shared]
        let rhsPrefix = rhs.digits / CountryCallingCode.powersOfTen[rhsCount - shared]
        return lhsPrefix != rhsPrefix ? lhsPrefix < rhsPrefix : lhsCount < rhsCount
    }

    /// The number of decimal digits in `value` (1 for 0).
    static func digitCount(of value: UInt64) -> Int {
        var count = 1
        while count < 20 && value >= CountryCallingCode.powersOfTen[count] {
            count += 1
        }
        return count
    }
}
