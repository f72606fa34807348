import Testing

@testable import Manifest

/// Parses the UTF-8 of `text`.
private func parse(_ text: String, defaultCountryCode: String? = nil) -> ContactsFile {
    ContactsFile.parse(bytes: Array(text.utf8), defaultCountryCode: defaultCountryCode)
}

extension ContactsFile {
    /// The issues as `code@line:column` strings, which make compact expectations.
    fileprivate var issueSummaries: [String] {
        issues.map { "\($0.code.rawValue)@\($0.line):\($0.column)" }
    }
}

/// Header handling, contacts and every issue of a contact list.
@Suite("ContactsFile")
struct ContactsFileTests {
    // MARK: Contacts

    @Test func readsContactsWithNamesAndOtherColumns() throws {
        let file = parse(
            """
            phone,name,city
            +1 555 010 0001,Ann,Oslo
            +44 20 7946 0958,Bob,"Lagos, NG"

            """)
        #expect(file.issues.isEmpty)
        #expect(file.columns == ["phone", "name", "city"])
        #expect(file.phoneColumn == 0)
        #expect(file.nameColumn == 1)
        #expect(file.contacts.map(\.phone.e164) == ["+15550100001", "+442079460958"])
        #expect(file.contacts.map(\.name) == ["Ann", "Bob"])
        #expect(file.contacts.map(\.line) == [2, 3])
        let bob = try #require(file.contacts.last)
        #expect(bob[column: 2] == "Lagos, NG")
        #expect(bob[column: 0] == "+44 20 7946 0958", "the phone column keeps the text as written")
        #expect(bob.values == ["+44 20 7946 0958", "Bob", "Lagos, NG"])
    }

    @Test func looksUpColumnsByName() throws {
        let file = parse("phone,名前,città\n+1 555 010 0001,太郎,Roma\n")
        #expect(file.column(named: "città") == 2)
        #expect(file.column(named: "名前") == 1)
        #expect(file.column(named: "missing") == nil)
        let contact = try #require(file.contacts.first)
        #expect(contact[column: try #require(file.column(named: "città"))] == "Roma")
    }

    @Test(arguments: ["Phone", " PHONE_NUMBER ", "Number", "mobile", "WA_ID", "\tphone"])
    func findsThePhoneColumnIgnoringCaseAndSpaces(header: String) throws {
        let file = parse("name,\(header)\nAnn,+15550100001\n")
        #expect(file.phoneColumn == 1)
        #expect(file.columns[1] == header.trimmingSpacesAndTabs)
        #expect(file.contacts.first?.phone.e164 == "+15550100001")
        #expect(file.issues.isEmpty)
    }

    @Test func prefersPhoneOverTheOtherAcceptedNames() throws {
        let file = parse("mobile,wa_id,phone\n+44 7911 123456,447911123457,+1 555 010 0001\n")
        #expect(file.phoneColumn == 2)
        #expect(file.contacts.first?.phone.e164 == "+15550100001")
        #expect(file.contacts.first?[column: 0] == "+44 7911 123456", "the others stay ordinary columns")
    }

    @Test func nameColumnIsOptional() {
        let file = parse("phone,city\n+1 555 010 0001,Oslo\n")
        #expect(file.nameColumn == nil)
        #expect(file.contacts.first?.name == nil)
        #expect(file.contacts.first?[column: 1] == "Oslo")
    }

    @Test func namesAreTrimmedAndBlankNamesAreNil() {
        let file = parse("phone,NAME\n+1 555 010 0001,  Ann Lee \n+1 555 010 0002,   \n+1 555 010 0003,\n")
        #expect(file.contacts.map(\.name) == ["Ann Lee", nil, nil])
        #expect(file.contacts.first?[column: 1] == "  Ann Lee ", "values stay as written")
    }

    @Test func quotedValuesAreUnescaped() {
        let file = parse("phone,name\n\"+1 555 010 0001\",\"Ann \"\"Nan\"\" Lee\"\n")
        #expect(file.contacts.first?.name == "Ann \"Nan\" Lee")
        #expect(file.contacts.first?.phone.e164 == "+15550100001")
    }

    @Test func waIdValuesAreInternationalWithoutPlus() {
        let file = parse("wa_id,name\n15550100001,Ann\n447911123456,Bob\n", defaultCountryCode: "44")
        #expect(file.issues.isEmpty)
        #expect(file.contacts.map(\.phone.e164) == ["+15550100001", "+447911123456"])
    }

    @Test func nationalNumbersUseTheDefaultCountryCode() {
        let file = parse("phone\n020 7946 0958\n07911 123456\n+49 30 1234567\n", defaultCountryCode: "44")
        #expect(file.contacts.map(\.phone.e164) == ["+442079460958", "+447911123456", "+49301234567"])
    }

    @Test func readsSemicolonFilesWithByteOrderMarkAndCRLF() {
        let bytes: [UInt8] =
            [0xEF, 0xBB, 0xBF] + Array("Phone;Name;Stadt\r\n030 1234567;Jörg;Köln, Süd\r\n\r\n0170 1234567;Zoë;\"Berlin; Mitte\"".utf8)
        let file = ContactsFile.parse(bytes: bytes, defaultCountryCode: "49")
        #expect(file.issues.isEmpty)
        #expect(file.columns == ["Phone", "Name", "Stadt"])
        #expect(file.contacts.map(\.phone.e164) == ["+49301234567", "+491701234567"])
        #expect(file.contacts.map { $0[column: 2] } == ["Köln, Süd", "Berlin; Mitte"])
        #expect(file.contacts.map(\.line) == [2, 4])
    }

    @Test func readsTabSeparatedFiles() {
        let file = parse("phone\tname\n+1 555 010 0001\tAnn, Lee\n")
        #expect(file.contacts.first?.name == "Ann, Lee")
    }

    @Test func multiLineQuotedValuesKeepPositions() {
        let file = parse(
            """
            name,phone
            "Ann
            Smith",+1 555
            "Cy
            Dee",+1 555 010 0002

            """)
        #expect(file.issueSummaries == ["phone.too-short@3:8"])
        #expect(file.contacts.map(\.line) == [4])
        #expect(file.contacts.first?.name == "Cy\nDee")
    }

    @Test func columnsOfIssuesCountCharactersNotBytes() {
        let file = parse("名前,phone\n太郎,+1 555\n")
        #expect(file.issueSummaries == ["phone.too-short@2:4"])
    }

    // MARK: Header issues

    @Test(arguments: ["", "\n\n", "\u{FEFF}", "\r\n"])
    func emptyFileHasNoHeader(text: String) throws {
        let file = parse(text)
        #expect(file.issueSummaries == ["contacts.missing-header@1:1"])
        #expect(file.issues.first?.summary == "the file has no header line")
        #expect(file.contacts.isEmpty)
    }

    @Test func firstLineThatIsAContactIsAMissingHeader() throws {
        let file = parse("\n+1 555 010 0001,Ann\n+1 555 010 0002,Bob\n")
        #expect(file.issueSummaries == ["contacts.missing-header@2:1"])
        let issue = try #require(file.issues.first)
        #expect(issue.summary == "the first line is a contact, not a header (\"+1 555 010 0001\" is a phone number)")
        #expect(issue.help == "add a header line above it, such as: phone,name")
        #expect(file.contacts.isEmpty)
    }

    @Test func headerWithoutPhoneColumn() throws {
        let file = parse("\n\nname,tel\nAnn,+1 555 010 0001\nBob,oops\n")
        #expect(file.issueSummaries == ["contacts.no-phone-column@3:1"], "rows are not checked without a phone column")
        let issue = try #require(file.issues.first)
        #expect(issue.summary == "the header has no phone column (it has \"name\", \"tel\")")
        #expect(issue.help == "name the column that holds the numbers one of: phone, phone_number, number, mobile, wa_id")
        #expect(file.contacts.isEmpty)
    }

    @Test func duplicateColumnsAreReportedAtTheRepeat() throws {
        let file = parse("phone,city,name,City\n+1 555 010 0001,Oslo,Ann,Bergen\n")
        #expect(file.issueSummaries == ["contacts.duplicate-column@1:17"])
        #expect(file.issues.first?.summary == "column \"City\" repeats column 2 (\"city\")")
        #expect(file.contacts.first?.values == ["+1 555 010 0001", "Oslo", "Ann", "Bergen"])
    }

    @Test func blankColumnNamesAreNotDuplicates() {
        let file = parse("phone,,\n+1 555 010 0001,,\n")
        #expect(file.issues.isEmpty)
        #expect(file.columns == ["phone", "", ""])
    }

    @Test func brokenHeaderReportsOnlyItsOwnIssue() {
        let file = parse("phone,na\"me\n+1 555 010 0001,Ann\n+1 555,Bob\n")
        #expect(file.issueSummaries == ["csv.stray-quote@1:9"])
        #expect(file.contacts.isEmpty)
    }

    // MARK: Row issues

    @Test func emptyPhoneIsReportedAtThePhoneField() throws {
        let file = parse("name,phone,city\nAnn,,Oslo\nBob,  ,Rome\nCy,\"\",Lima\n")
        #expect(file.issueSummaries == ["contacts.empty-phone@2:5", "contacts.empty-phone@3:5", "contacts.empty-phone@4:4"])
        #expect(file.issues.first?.summary == "row has no phone number")
        #expect(file.issues.first?.help == "fill in the \"phone\" column or remove the row")
    }

    @Test func rowsWithOnlyBlankFieldsAreSkippedSilently() {
        let file = parse("phone,name\n,\n , \n+1 555 010 0001,Ann\n,,\n")
        #expect(file.issueSummaries == ["csv.field-count@5:3"], "a blank row with the wrong field count is still malformed")
        #expect(file.contacts.count == 1)
    }

    @Test func invalidPhoneIsReportedAtThePhoneFieldWithTheRawValue() throws {
        let file = parse("name,phone\nAnn,+1 555\nBob,\"+1 555 CALL\"\n")
        #expect(file.issueSummaries == ["phone.too-short@2:5", "phone.invalid-character@3:5"])
        #expect(file.issues[0].summary == "phone number \"+1 555\" is too short: 4 digits with the country code, at least 8 are needed")
        #expect(file.issues[1].summary.contains("\"+1 555 CALL\""))
        #expect(file.contacts.isEmpty)
    }

    @Test func nationalNumberWithoutDefaultCountryCode() throws {
        let file = parse("phone\n555 010 0001\n")
        #expect(file.issueSummaries == ["phone.needs-country-code@2:1"])
        #expect(file.issues.first?.help == "write it as +<country code><number> or set defaultCountryCode in Settings")
    }

    @Test func unusableDefaultCountryCodeIsNamed() throws {
        let file = parse("phone\n0170 1234567\n+49 170 1234567\n", defaultCountryCode: "28")
        #expect(file.issueSummaries == ["phone.unknown-country-code@2:1"])
        #expect(file.issues.first?.summary.contains("default country code \"28\"") == true)
        #expect(file.contacts.map(\.phone.e164) == ["+491701234567"])
    }

    @Test func duplicatesAreFoundAfterNormalisation() throws {
        let file = parse(
            """
            name,phone
            Ann,+1 555 010 0001
            Ann again,15550100001
            Third,(555) 010-0001
            Other,+1 555 010 0002

            """, defaultCountryCode: "1")
        #expect(file.issueSummaries == ["contacts.duplicate-phone@3:11", "contacts.duplicate-phone@4:7"])
        #expect(file.issues[0].summary == "phone number \"15550100001\" is +15550100001, already listed on line 2")
        #expect(file.issues[1].summary == "phone number \"(555) 010-0001\" is +15550100001, already listed on line 2")
        #expect(file.issues[0].help == "remove one of the rows; each contact is messaged once")
        #expect(file.contacts.map(\.name) == ["Ann", "Other"])
    }

    @Test func rowsWithCSVIssuesAreSkippedAndOthersKept() {
        let file = parse(
            """
            phone,name
            +1 555 010 0001,Ann
            +1 555 010 0002,B"ob
            +1 555 010 0003,Cy,extra
            +1 555 010 0004,Dee

            """)
        #expect(file.issueSummaries == ["csv.stray-quote@3:18", "csv.field-count@4:20"])
        #expect(file.contacts.map(\.line) == [2, 5])
    }

    @Test func reportsEveryIssueInPositionOrder() {
        let file = parse(
            """
            phone,name,city
            +1 555 010 0001,Ann,Oslo
            ,Bob,Rome
            +1 555,Cy,Paris
            15550100001,Dee,Lima
            555 010 0003,Fay,"Quito"x
            +1 555 010 0004,Gus
            +1 555 010 0005,Hal,Kyiv
            phone,name,city
            +1 555 010 0002,"Eve,Bern
            +1 555 010 0006,Ivy,Oslo

            """, defaultCountryCode: "1")
        #expect(
            file.issueSummaries == [
                "contacts.empty-phone@3:1",
                "phone.too-short@4:1",
                "contacts.duplicate-phone@5:1",
                "csv.text-after-quote@6:25",
                "csv.field-count@7:1",
                "phone.invalid-character@9:1",
                "csv.unterminated-quote@10:17",
            ])
        #expect(file.contacts.map(\.line) == [2, 8, 11])
    }

    @Test func issueCodesAreStable() {
        let codes: [ContactIssue.Code] = [.missingHeader, .noPhoneColumn, .duplicateColumn, .emptyPhone, .duplicatePhone]
        #expect(
            codes.map(\.rawValue) == [
                "contacts.missing-header", "contacts.no-phone-column", "contacts.duplicate-column",
                "contacts.empty-phone", "contacts.duplicate-phone",
            ])
        #expect(ContactIssue.Code(CSVIssue.Code.fieldCount).description == "csv.field-count")
        #expect(ContactIssue.Code(PhoneNumberIssue.Code.tooLong) == ContactIssue.Code(rawValue: "phone.too-long"))
    }

    // MARK: Volume

    @Test func parsesAHundredThousandGeneratedRows() throws {
        var text = "phone,name,city\n"
        for row in 0..<100_000 {
            let digits = String(row)
            let subscriber = String(repeating: "0", count: 5 - digits.count) + digits
            // Three spellings of UK mobiles in the 07700 9xxxxx range.
            switch row % 3 {
            case 0: text += "07700 9\(subscriber),Person \(row),Leeds\n"
            case 1: text += "+44 7700 9\(subscriber),\"Person, \(row)\",York\n"
            default: text += "0044-7700-9\(subscriber),Person \(row),Bath\n"
            }
        }
        text += "+44 7700 900001,Again,Leeds\n+44 7700,Short,Leeds\n"
        let file = ContactsFile.parse(bytes: Array(text.utf8), defaultCountryCode: "44")
        #expect(file.contacts.count == 100_000)
        #expect(file.issueSummaries == ["contacts.duplicate-phone@100002:1", "phone.too-short@100003:1"])
        #expect(file.contacts.last?.phone.e164 == "+447700999999")
        #expect(file.contacts[1].name == "Person, 1")
        #expect(Set(file.contacts.map(\.phone)).count == 100_000)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingSpacesAndTabs: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
