import Testing

@testable import Manifest

/// The E.164 text `raw` normalises to, or the issue code it fails with.
private func normalized(_ raw: String, _ defaultCountryCode: String? = nil) -> String {
    switch PhoneNumber.normalize(raw, defaultCountryCode: defaultCountryCode) {
    case .success(let phone): phone.e164
    case .failure(let issue): issue.code.rawValue
    }
}

/// The issue `raw` fails with; records a test issue when it normalises.
private func issue(
    _ raw: String, _ defaultCountryCode: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> PhoneNumberIssue {
    let result = PhoneNumber.normalize(raw, defaultCountryCode: defaultCountryCode)
    guard case .failure(let issue) = result else {
        Issue.record("\(raw.debugDescription) normalised to \(result)", sourceLocation: sourceLocation)
        throw CancellationError()
    }
    return issue
}

/// Normalisation to E.164 and every phone issue.
@Suite("PhoneNumber")
struct PhoneNumberTests {
    // MARK: International numbers

    @Test(arguments: [
        ("+1 555 010 0001", "+15550100001"),
        ("+1 (212) 555-0100", "+12125550100"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+49 30 1234567", "+49301234567"),
        ("+33 1 23 45 67 89", "+33123456789"),
        ("+91 98765 43210", "+919876543210"),
        ("+55 11 91234-5678", "+5511912345678"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("+81 3-1234-5678", "+81312345678"),
        ("+7 916 123-45-67", "+79161234567"),
        ("+353 1 234 5678", "+35312345678"),
        ("+880 1712-345678", "+8801712345678"),
        ("+971 50 123 4567", "+971501234567"),
        ("+20 10 1234 5678", "+201012345678"),
        ("+27 82 123 4567", "+27821234567"),
        ("+61 4 1234 5678", "+61412345678"),
        ("+234 803 123 4567", "+2348031234567"),
        ("+211 912 345 678", "+211912345678"),
        ("+383 44 123 456", "+38344123456"),
    ])
    func normalisesInternationalNumbers(raw: String, expected: String) {
        #expect(normalized(raw) == expected)
        #expect(normalized(raw, "49") == expected, "a default country code never applies to an international number")
    }

    @Test func leadingDoubleZeroIsInternational() {
        #expect(normalized("0044 20 7946 0958") == "+442079460958")
        #expect(normalized("0044 20 7946 0958", "49") == "+442079460958")
        #expect(normalized("00 1 555 010 0001", "1") == "+15550100001")
    }

    @Test func ignoresSeparatorsAndSpaces() {
        #expect(normalized("+49.30.123.4567") == "+49301234567")
        #expect(normalized("+49/30/1234567") == "+49301234567")
        #expect(normalized("+49\u{00A0}30\u{00A0}1234567") == "+49301234567")
        #expect(normalized("+33\u{202F}6\u{202F}12\u{202F}34\u{202F}56\u{202F}78") == "+33612345678")
        #expect(normalized("\t +1 555 010 0001  ") == "+15550100001")
        #expect(normalized("(+44) 20 7946 0958") == "+442079460958")
    }

    @Test func dropsTheTrunkHintAfterACountryCode() {
        #expect(normalized("+44 (0)20 7946 0958") == "+442079460958")
        #expect(normalized("+49 (0) 30 1234567") == "+49301234567")
        #expect(normalized("0049 (0)30 1234567") == "+49301234567")
        #expect(normalized("(0)30 1234567", "49") == "+49301234567")
    }

    @Test func readsSubstringsAndKeepsTheResultCompact() throws {
        let line = "id=+1 555 010 0001;"
        let phone = try PhoneNumber.normalize(line.dropFirst(3).dropLast(), defaultCountryCode: nil).get()
        #expect(phone.digits == 15_550_100_001)
        #expect(phone.description == "+15550100001")
        #expect(MemoryLayout<PhoneNumber>.size == 8)
    }

    // MARK: National numbers

    @Test(arguments: [
        ("(555) 010-0001", "+15550100001"),
        ("555.010.0001", "+15550100001"),
        ("1 555 010 0001", "+15550100001"),
        ("1-555-010-0001", "+15550100001"),
        ("15550100001", "+15550100001"),
    ])
    func nationalNumbersWithDefaultCode1KeepTheirLeadingOneAsTheCountryCode(raw: String, expected: String) {
        #expect(normalized(raw, "1") == expected)
        #expect(normalized(raw, "+1") == expected)
    }

    @Test(arguments: [
        ("44", "020 7946 0958", "+442079460958"),
        ("44", "07911 123456", "+447911123456"),
        ("49", "030 1234567", "+49301234567"),
        ("49", "0170 1234567", "+491701234567"),
        ("+49", "0170/1234567", "+491701234567"),
        ("33", "01 23 45 67 89", "+33123456789"),
        ("33", "06 12 34 56 78", "+33612345678"),
        ("91", "098765 43210", "+919876543210"),
        ("91", "98765 43210", "+919876543210"),
    ])
    func nationalNumbersLoseOneTrunkZero(defaultCode: String, raw: String, expected: String) {
        #expect(normalized(raw, defaultCode) == expected)
    }

    @Test func countriesWithoutATrunkZeroKeepTheirLeadingDigits() {
        #expect(normalized("06 1234 5678", "39") == "+390612345678")
        #expect(normalized("333 123 4567", "39") == "+393331234567")
        #expect(normalized("07 07 12 34 56", "225") == "+2250707123456")
        #expect(normalized("8 916 123 45 67", "7") == "+79161234567")
        #expect(normalized("916 123 45 67", "7") == "+79161234567")
        #expect(normalized("06 30 123 4567", "36") == "+36301234567")
    }

    @Test func doubleZeroIsInternationalEvenWhenSpacedOut() {
        // Separators are ignored, so "0 030…" is "0030…": Greece, not a German trunk zero too many.
        #expect(normalized("0 0301234567", "49") == "+301234567")
        #expect(normalized("0030 1234567", "49") == "+301234567")
    }

    // MARK: Issues

    @Test func nationalNumberWithoutDefaultNeedsACountryCode() throws {
        let found = try issue("555 010 0001")
        #expect(found.code == .needsCountryCode)
        #expect(found.summary == "phone number \"555 010 0001\" has no country code")
        #expect(found.help == "write it as +<country code><number> or set defaultCountryCode in Settings")
    }

    @Test(arguments: ["+1 555 CALL NOW", "tel:+15550100001", "+1_555_010_0001", "５５５ 010 0001", "+1 555 010 0001 😀"])
    func rejectsCharactersThatAreNotPartOfANumber(raw: String) throws {
        let found = try issue(raw, "1")
        #expect(found.code == .invalidCharacter)
        #expect(found.summary.hasPrefix("phone number \(raw.debugDescription) contains"))
        #expect(found.help?.contains("digits") == true)
    }

    @Test func namesTheOffendingCharacter() throws {
        #expect(try issue("+1 555 CALL").summary == "phone number \"+1 555 CALL\" contains \"C\", which is not part of a phone number")
    }

    @Test(arguments: [
        ("+1 555 010 0001 x123", "x123"),
        ("+1 555 010 0001 X 7", "X 7"),
        ("+1 555 010 0001 ext. 12", "ext. 12"),
        ("+1 555 010 0001 EXT 12", "EXT 12"),
        ("+44 20 7946 0958#5", "#5"),
        ("+15550100001,,42", ",,42"),
    ])
    func extensionsAreInvalidWithHelp(raw: String, phoneExtension: String) throws {
        let found = try issue(raw)
        #expect(found.code == .invalidCharacter)
        #expect(found.summary == "phone number \(raw.debugDescription) has an extension (\(phoneExtension.debugDescription))")
        #expect(found.help == "WhatsApp cannot dial extensions; remove \(phoneExtension.debugDescription)")
    }

    @Test(arguments: ["1+555 010 0001", "++1 555 010 0001", "+1 +555 010 0001"])
    func plusOnlyAtTheStart(raw: String) throws {
        let found = try issue(raw, "1")
        #expect(found.code == .invalidCharacter)
        #expect(found.summary == "phone number \(raw.debugDescription) has a '+' that does not start the number")
    }

    @Test func tooShort() throws {
        let found = try issue("+1 555")
        #expect(found.code == .tooShort)
        #expect(found.summary == "phone number \"+1 555\" is too short: 4 digits with the country code, at least 8 are needed")
        #expect(normalized("+49 123 4") == "phone.too-short")
        #expect(normalized("555", "1") == "phone.too-short")
        #expect(normalized("") == "phone.too-short")
        #expect(normalized(" - ") == "phone.too-short")
    }

    @Test func tooLong() throws {
        let found = try issue("+49 1234 5678 9012 34")
        #expect(found.code == .tooLong)
        #expect(found.summary == "phone number \"+49 1234 5678 9012 34\" is too long: 16 digits with the country code, at most 15 are allowed")
        #expect(normalized("+1 555 010 0001 2345 6789 0123") == "phone.too-long")
        #expect(normalized("0123456789012345", "49") == "phone.too-long")
    }

    @Test(arguments: ["+28 1234 5678", "+0 555 010 0001", "+259 123 4567", "+999 1234 5678", "00 28 1234 5678", "+384 12 345 678"])
    func unknownCountryCodes(raw: String) throws {
        let found = try issue(raw)
        #expect(found.code == .unknownCountryCode)
        #expect(found.summary == "phone number \(raw.debugDescription) does not start with an assigned country calling code")
    }

    @Test func countryCodeStartingWithZeroGetsItsOwnHelp() throws {
        #expect(try issue("+0 555 010 0001").help == "no country calling code starts with 0; remove the 0 after '+' or '00'")
    }

    @Test(arguments: [
        ("+1 555 010 000", "has 9 digits after +1, where numbers have 10"),
        ("+1 555 010 00012", "has 11 digits after +1, where numbers have 10"),
        ("+44 20 7946 09", "has 8 digits after +44, where numbers have 9 to 10"),
        ("+44 20 7946 09581", "has 11 digits after +44, where numbers have 9 to 10"),
        ("+33 6 12 34 56 7", "has 8 digits after +33, where numbers have 9"),
        ("+91 98765 4321", "has 9 digits after +91, where numbers have 10"),
        ("+55 11 1234 567", "has 9 digits after +55, where numbers have 10 to 11"),
        ("+86 12 3456", "has 6 digits after +86, where numbers have 7 to 11"),
    ])
    func invalidLengthForCountry(raw: String, detail: String) throws {
        let found = try issue(raw)
        #expect(found.code == .invalidLengthForCountry)
        #expect(found.summary == "phone number \(raw.debugDescription) \(detail)")
    }

    @Test func nationalNumberOfTheWrongLengthForItsDefaultCountry() {
        #expect(normalized("555 0100", "1") == "phone.invalid-length-for-country")
        #expect(normalized("1 555 0100 1234", "1") == "phone.invalid-length-for-country")
        #expect(normalized("06 12 34 56", "33") == "phone.invalid-length-for-country")
    }

    @Test func germanNumbersVaryInLength() {
        // 6 to 13 national digits: the E.164 limits of 8 to 15 digits already imply both bounds.
        #expect(normalized("+49 30 1234") == "+49301234")
        #expect(normalized("+49 1234 5678 9012 3") == "+491234567890123")
        #expect(normalized("030 1234", "49") == "+49301234")
    }

    @Test func unusableDefaultCountryCodeIsBlamedForNationalNumbersOnly() throws {
        let found = try issue("0170 1234567", "28")
        #expect(found.code == .unknownCountryCode)
        #expect(found.summary.contains("default country code \"28\""))
        #expect(normalized("0170 1234567", "abc") == "phone.unknown-country-code")
        #expect(normalized("+49 170 1234567", "28") == "+491701234567")
    }

    @Test func issueCodesAreStable() {
        #expect(
            PhoneNumberIssue.Code.allCases.map(\.rawValue) == [
                "phone.invalid-character", "phone.too-short", "phone.too-long",
                "phone.unknown-country-code", "phone.needs-country-code", "phone.invalid-length-for-country",
            ])
    }

    // MARK: The value

    @Test func exposesItsCountryCode() throws {
        #expect(try PhoneNumber.normalize("+44 20 7946 0958", defaultCountryCode: nil).get().countryCode.value == 44)
        #expect(try PhoneNumber.normalize("+1 555 010 0001", defaultCountryCode: nil).get().countryCode.value == 1)
        #expect(try PhoneNumber.normalize("+880 1712-345678", defaultCountryCode: nil).get().countryCode.description == "+880")
    }

    @Test func sortsLikeItsText() throws {
        let phones = try ["+49 30 1234567", "+44 20 7946 0958", "+1 555 010 0001", "+44 20 7946 095"].map {
            try PhoneNumber.normalize($0, defaultCountryCode: nil).get()
        }
        #expect(phones.sorted().map(\.e164) == ["+15550100001", "+442079460958", "+44207946095", "+49301234567"].sorted())
    }
}
