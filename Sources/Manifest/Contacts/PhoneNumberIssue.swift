/// Why a piece of text is not a phone number the engine can send to.
public struct PhoneNumberIssue: Error, Hashable, Sendable {
    /// The stable, machine-readable identity of an issue; the raw value is part of the
    /// diagnostics contract and never changes once published.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// Something other than digits and separators, including extensions and a `+`
        /// that does not start the number.
        case invalidCharacter = "phone.invalid-character"
        /// Fewer than 8 digits in the full international number.
        case tooShort = "phone.too-short"
        /// More than 15 digits in the full international number.
        case tooLong = "phone.too-long"
        /// The number (or the default country code) does not start with an assigned code.
        case unknownCountryCode = "phone.unknown-country-code"
        /// A national number with no default country code to complete it.
        case needsCountryCode = "phone.needs-country-code"
        /// The right total length, but not a length that country uses.
        case invalidLengthForCountry = "phone.invalid-length-for-country"
    }

    /// What went wrong, decided before any text is built so the check itself stays
    /// allocation-free; `PhoneNumberIssue` renders it only when someone will read it.
    enum Reason: Error, Hashable, Sendable {
        /// A character that is neither a digit nor a separator.
        case invalidCharacter(Unicode.Scalar)
        /// A `+` after the first digit or a second `+`.
        case misplacedPlus
        /// An extension such as `x12`, with its text.
        case phoneExtension(String)
        /// Nothing but separators.
        case noDigits
        /// Fewer than 8 digits in total.
        case tooShort(digitCount: Int)
        /// More than 15 digits in total.
        case tooLong(digitCount: Int)
        /// No assigned code starts the number.
        case unknownCountryCode(startsWithZero: Bool)
        /// A national number met a default country code that is not assigned.
        case invalidDefaultCountryCode(String)
        /// A national number and no default country code.
        case needsCountryCode
        /// A national significant number of a length the country does not use.
        case invalidLengthForCountry(CountryCallingCode, nationalLength: Int, expected: ClosedRange<Int>)
    }

    /// What went wrong.
    public let code: Code
    /// One line naming the text as written and what is wrong with it.
    public let summary: String
    /// What to do about it.
    public let help: String?

    /// Creates an issue from its parts.
    public init(code: Code, summary: String, help: String?) {
        self.code = code
        self.summary = summary
        self.help = help
    }

    /// Renders `reason` for the text `raw` as the user wrote it.
    init(_ reason: Reason, raw: String) {
        // debugDescription quotes the text and escapes line breaks, keeping the summary on one line.
        let quoted = "phone number \(raw.debugDescription)"
        switch reason {
        case .invalidCharacter(let scalar):
            self.init(
                code: .invalidCharacter,
                summary: "\(quoted) contains \(String(scalar).debugDescription), which is not part of a phone number",
                help: "use digits with an optional leading '+'; spaces and . - ( ) / may separate them"
            )
        case .misplacedPlus:
            self.init(
                code: .invalidCharacter,
                summary: "\(quoted) has a '+' that does not start the number",
                help: "a '+' may only start the number, as in +<country code><number>"
            )
        case .phoneExtension(let text):
            self.init(
                code: .invalidCharacter,
                summary: "\(quoted) has an extension (\(text.debugDescription))",
                help: "WhatsApp cannot dial extensions; remove \(text.debugDescription)"
            )
        case .noDigits:
            self.init(code: .tooShort, summary: "\(quoted) has no digits", help: "write the number as +<country code><number>")
        case .tooShort(let digitCount):
            self.init(
                code: .tooShort,
                summary: "\(quoted) is too short: \(digitCount) digit\(digitCount == 1 ? "" : "s") with the country code, at least 8 are needed",
                help: "check for missing digits"
            )
        case .tooLong(let digitCount):
            self.init(
                code: .tooLong,
                summary: "\(quoted) is too long: \(digitCount) digits with the country code, at most 15 are allowed",
                help: "check for extra digits or two numbers in one field"
            )
        case .unknownCountryCode(let startsWithZero):
            self.init(
                code: .unknownCountryCode,
                summary: "\(quoted) does not start with an assigned country calling code",
                help: startsWithZero
                    ? "no country calling code starts with 0; remove the 0 after '+' or '00'"
                    : "check the digits after '+' or '00'; a national number needs neither"
            )
        case .invalidDefaultCountryCode(let defaultCode):
            self.init(
                code: .unknownCountryCode,
                summary:
                    "\(quoted) is a national number, and the default country code \(defaultCode.debugDescription) is not an assigned country calling code",
                help: "set defaultCountryCode in Settings to 1 to 3 digits, such as \"1\", \"44\" or \"49\""
            )
        case .needsCountryCode:
            self.init(
                code: .needsCountryCode,
                summary: "\(quoted) has no country code",
                help: "write it as +<country code><number> or set defaultCountryCode in Settings"
            )
        case .invalidLengthForCountry(let code, let nationalLength, let expected):
            let lengths = expected.count == 1 ? "\(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)"
            self.init(
                code: .invalidLengthForCountry,
                summary: "\(quoted) has \(nationalLength) digits after \(code), where numbers have \(lengths)",
                help: "check for missing or extra digits"
            )
        }
    }
}
