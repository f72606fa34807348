extension PhoneNumber {
    /// Reads a phone number as people write it and returns it in E.164 form.
    ///
    /// - Spaces (including no-break spaces), `.`, `-`, `(`, `)` and `/` are ignored, and
    ///   so is a `(0)` after the country code (`+44 (0)20 …`).
    /// - `+` (only as the first character) or a leading `00` marks an international number.
    /// - Anything else is a national number: the trunk prefix (usually one `0`) is
    ///   dropped and `defaultCountryCode` (`"1"`, `"+49"`) put in front. Without a
    ///   default code a national number is an issue.
    /// - The result must have 8 to 15 digits, start with an assigned country calling
    ///   code, and, for a few large countries, have a length that country uses.
    ///
    /// Never allocates on success.
    public static func normalize(
        _ raw: some StringProtocol, defaultCountryCode: String?
    ) -> Result<PhoneNumber, PhoneNumberIssue> {
        let defaultCode = defaultCountryCode.flatMap { CountryCallingCode($0) }
        let outcome =
            raw.utf8.withContiguousStorageIfAvailable {
                normalize(utf8: $0, defaultCountryCode: defaultCode)
            }
            ?? Array(raw.utf8).withUnsafeBufferPointer {
                normalize(utf8: $0, defaultCountryCode: defaultCode)
            }
        return outcome.mapError { reason in
            PhoneNumberIssue(explainingDefault(reason, defaultCountryCode: defaultCountryCode), raw: String(raw))
        }
    }

    /// Blames an unusable default country code rather than the number, when the number
    /// needed one: "needs a country code" would send the user to the wrong place.
    static func explainingDefault(
        _ reason: PhoneNumberIssue.Reason, defaultCountryCode: String?
    ) -> PhoneNumberIssue.Reason {
        guard case .needsCountryCode = reason, let defaultCountryCode,
            CountryCallingCode(defaultCountryCode) == nil
        else { return reason }
        return .invalidDefaultCountryCode(defaultCountryCode)
    }

    /// The allocation-free core of `normalize(_:defaultCountryCode:)`, over UTF-8 bytes.
    ///
    /// With `isInternational` the digits are read as a full international number even
    /// without `+`, as in WhatsApp's `wa_id`.
    static func normalize(
        utf8 bytes: UnsafeBufferPointer<UInt8>,
        defaultCountryCode: CountryCallingCode?,
        isInternational: Bool = false
    ) -> Result<PhoneNumber, PhoneNumberIssue.Reason> {
        // Up to 18 digits fit in a UInt64 whatever they are; past that only the count matters.
        let trackedDigits = 18
        var value: UInt64 = 0
        var digitCount = 0
        var hasPlus = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                if digitCount < trackedDigits {
                    value = value * 10 + UInt64(digit)
                }
                digitCount += 1
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: ")"), UInt8(ascii: "/"):
                index += 1
            case UInt8(ascii: "("):
                // "+44 (0)20 …" shows the trunk prefix that is not dialled from abroad.
                let isTrunkHint =
                    (hasPlus || digitCount > 0) && index + 2 < count
                    && bytes[index + 1] == UInt8(ascii: "0") && bytes[index + 2] == UInt8(ascii: ")")
                index += isTrunkHint ? 3 : 1
            case UInt8(ascii: "+"):
                guard digitCount == 0 && !hasPlus else { return .failure(.misplacedPlus) }
                hasPlus = true
                index += 1
            case 0xC2 where index + 1 < count && bytes[index + 1] == 0xA0:
                index += 2  // U+00A0 NO-BREAK SPACE, which spreadsheets like to insert
            case 0xE2
            where index + 2 < count && bytes[index + 1] == 0x80
                && [0x87, 0x89, 0xAF].contains(bytes[index + 2]):
                index += 3  // U+2007 figure, U+2009 thin and U+202F narrow no-break spaces
            default:
                return .failure(rejection(at: index, in: bytes, afterDigits: digitCount > 0))
            }
        }

        guard digitCount > 0 else { return .failure(.noDigits) }
        guard digitCount <= trackedDigits else { return .failure(.tooLong(digitCount: digitCount)) }
        let powers = CountryCallingCode.powersOfTen
        var isInternational = hasPlus || isInternational
        if !isInternational && digitCount >= 2 && value < powers[digitCount - 2] {
            isInternational = true  // "00" is the international prefix across most of the world
            digitCount -= 2
        }
        if !isInternational {
            guard let defaultCountryCode else { return .failure(.needsCountryCode) }
            switch defaultCountryCode.trunkPrefix {
            case .zero:
                if value < powers[digitCount - 1] {
                    digitCount -= 1
                }
            case .none:
                break
            case let .digits(prefix, length, nationalLength):
                if digitCount > length, nationalLength.map({ $0 == digitCount }) ?? true,
                    value / powers[digitCount - length] == prefix
                {
                    value %= powers[digitCount - length]
                    digitCount -= length
                }
            }
            let totalCount = digitCount + defaultCountryCode.digitCount
            guard totalCount <= 15 else { return .failure(.tooLong(digitCount: totalCount)) }
            value += UInt64(defaultCountryCode.value) * powers[digitCount]
            digitCount = totalCount
        }

        guard digitCount >= 8 else { return .failure(.tooShort(digitCount: digitCount)) }
        guard digitCount <= 15 else { return .failure(.tooLong(digitCount: digitCount)) }
        guard value >= powers[digitCount - 1] else { return .failure(.unknownCountryCode(startsWithZero: true)) }
        let leadingDigits = Int(value / powers[digitCount - 3])
        let codeLength = CountryCallingCode.codeLength(leadingDigits: leadingDigits)
        guard codeLength > 0 else { return .failure(.unknownCountryCode(startsWithZero: false)) }
        let code = CountryCallingCode(uncheckedValue: leadingDigits / CountryCallingCode.powerOfTen(3 - codeLength))
        let nationalLength = digitCount - codeLength
        if let expected = code.nationalNumberLengths, !expected.contains(nationalLength) {
            return .failure(.invalidLengthForCountry(code, nationalLength: nationalLength, expected: expected))
        }
        return .success(PhoneNumber(digits: value))
    }

    /// Explains the character at `index`, telling an extension (`x12`, `ext. 12`, `#12`,
    /// `,,12`) apart from a stray letter or symbol.
    private static func rejection(
        at index: Int, in bytes: UnsafeBufferPointer<UInt8>, afterDigits: Bool
    ) -> PhoneNumberIssue.Reason {
        let rest = UnsafeBufferPointer(rebasing: bytes[index...])
        let lowercased = rest.prefix(3).map { $0 | 0x20 }
        let startsExtension =
            lowercased.first == UInt8(ascii: "x")
            || lowercased.elementsEqual("ext".utf8)
            || [UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: ";")].contains(rest[0])
        if afterDigits && startsExtension {
            let text = String(decoding: rest, as: UTF8.self)
            return .phoneExtension(String(text.reversed().drop { $0 == " " }.reversed()))
        }
        var iterator = rest.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else {
            return .invalidCharacter("\u{FFFD}")
        }
        return .invalidCharacter(scalar)
    }
}
