import Testing

@testable import Templates

@Suite("Filter behaviour")
struct FilterBehaviourTests {
    /// Renders `<<v.x | filters>>` with `x` bound to `value`, or absent when `value` is nil.
    private func apply(_ filters: String, to value: TemplateValue?) throws -> String {
        let template = try Template("<<v.x | \(filters)>>")
        var members: [String: TemplateValue] = [:]
        members["x"] = value
        return template.render(["v": .object(members)]).text
    }

    @Test func upperAndLowerHandleNonASCII() throws {
        #expect(try apply("upper", to: "straße ok") == "STRASSE OK")
        #expect(try apply("lower", to: "ÄBC Déf") == "äbc déf")
    }

    @Test func titleCapitalisesFirstLetterOfEachWordOnly() throws {
        #expect(try apply("title", to: "hello  wORLD (anna) 1st éclair") == "Hello  WORLD (Anna) 1st Éclair")
    }

    @Test func lowerThenTitleNormalisesShoutedNames() throws {
        #expect(try apply("lower | title", to: "JOHN DOE") == "John Doe")
    }

    @Test func trimRemovesWhitespaceAndNewlinesAtBothEnds() throws {
        #expect(try apply("trim", to: "\n\t  Ann Lee \r\n") == "Ann Lee")
        #expect(try apply("trim", to: "   ") == "")
    }

    @Test func truncateCountsCharactersAndAddsNothing() throws {
        #expect(try apply("truncate: 2", to: "👋🏽e\u{301}xyz") == "👋🏽e\u{301}")
        #expect(try apply("truncate: 10", to: "short") == "short")
        #expect(try apply("truncate: 2", to: 12345) == "12")
    }

    @Test func jsonWritesCompactJSON() throws {
        #expect(try apply("json", to: "say \"hi\"") == #""say \"hi\"""#)
        #expect(try apply("json", to: ["b": 1, "a": [true, .null, 2.5]]) == #"{"a":[true,null,2.5],"b":1}"#)
        #expect(try apply("json", to: 7) == "7")
    }

    @Test func jsonOfMissingValueIsNull() throws {
        #expect(try apply("json", to: nil) == "null")
    }

    @Test func urlencodeKeepsOnlyUnreservedCharacters() throws {
        #expect(try apply("urlencode", to: "a b&c/é?=+") == "a%20b%26c%2F%C3%A9%3F%3D%2B")
        #expect(try apply("urlencode", to: "AZaz09-._~") == "AZaz09-._~")
    }

    @Test func dateFormatsISOWithZuluInUTC() throws {
        #expect(try apply(#"date: "yyyy-MM-dd HH:mm""#, to: "2024-03-05T23:30:15Z") == "2024-03-05 23:30")
    }

    @Test func dateKeepsTheValuesOwnOffset() throws {
        let value: TemplateValue = "2024-03-05T23:30:00+02:00"
        #expect(try apply(#"date: "yyyy-MM-dd HH:mm xxx""#, to: value) == "2024-03-05 23:30 +02:00")
        #expect(try apply(#"date: "HH:mm""#, to: "2024-03-05T08:00:00-0530") == "08:00")
    }

    @Test func dateReadsDateOnlyAndFractionalSeconds() throws {
        #expect(try apply(#"date: "d MMM yyyy""#, to: "2024-02-29") == "29 Feb 2024")
        #expect(try apply(#"date: "ss.SSS""#, to: "2024-02-29T10:00:07.250Z") == "07.250")
    }

    @Test func dateReadsUnixSecondsFromNumbersAndNumericText() throws {
        #expect(try apply(#"date: "yyyy-MM-dd""#, to: 0) == "1970-01-01")
        #expect(try apply(#"date: "yyyy-MM-dd HH:mm""#, to: 1_700_000_000.5) == "2023-11-14 22:13")
        #expect(try apply(#"date: "yyyy-MM-dd""#, to: "86400") == "1970-01-02")
    }

    @Test func dateUsesPOSIXEnglishNames() throws {
        #expect(try apply(#"date: "EEEE d MMMM""#, to: "2024-03-05") == "Tuesday 5 March")
    }

    @Test func dateLeavesNonDatesUnchanged() throws {
        #expect(try apply(#"date: "yyyy""#, to: "soon") == "soon")
        #expect(try apply(#"date: "yyyy""#, to: "2024-13-01") == "2024-13-01")
        #expect(try apply(#"date: "yyyy""#, to: "2023-02-29") == "2023-02-29")
        #expect(try apply(#"date: "yyyy""#, to: true) == "true")
    }

    @Test func phoneWritesPlusAndDigits() throws {
        #expect(try apply("phone", to: "+49 (151) 234-567") == "+49151234567")
        #expect(try apply("phone", to: "0049 151.234") == "+49151234")
        #expect(try apply("phone", to: 4_915_112_345) == "+4915112345")
        #expect(try apply("phone", to: "n/a") == "")
    }

    @Test func defaultReplacesMissingNullAndEmptyText() throws {
        #expect(try apply(#"default: "friend""#, to: nil) == "friend")
        #expect(try apply(#"default: "friend""#, to: .null) == "friend")
        #expect(try apply(#"default: "friend""#, to: "") == "friend")
        #expect(try apply(#"default: "friend""#, to: "Ann") == "Ann")
        #expect(try apply(#"default: "friend""#, to: false) == "false")
    }

    @Test func numericDefaultRendersAsNumber() throws {
        #expect(try apply("default: 0", to: nil) == "0")
        #expect(try apply("default: 2.50", to: nil) == "2.5")
    }

    @Test func missingValuePassesThroughFiltersToALaterDefault() throws {
        #expect(try apply(#"upper | trim | default: "none""#, to: nil) == "none")
        #expect(try apply(#"default: "none" | upper"#, to: nil) == "NONE")
        #expect(try apply("upper | truncate: 3", to: nil) == "")
    }

    @Test func textFiltersTurnNonTextIntoItsRenderedText() throws {
        #expect(try apply("upper", to: true) == "TRUE")
        #expect(try apply("upper", to: ["k": "v"]) == #"{"K":"V"}"#)
        #expect(try apply("trim", to: .null) == "")
    }
}
