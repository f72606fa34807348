import Testing

@testable import Manifest

@Suite("Durations")
struct DurationValueTests {
    @Test(
        "parses every unit and combinations written largest first",
        arguments: [
            ("100ms", 100), ("2s", 2000), ("10m", 600_000), ("1h30m", 5_400_000), ("1d", 86_400_000), ("1h0m5s250ms", 3_605_250), ("0s", 0),
        ])
    func parses(_ text: String, _ milliseconds: Int64) throws {
        #expect(try DurationValue.parse(text).get() == .milliseconds(milliseconds))
    }

    @Test("refuses malformed durations", arguments: ["", "30", "2 seconds", "30m1h", "1s1s", "1.5s", "s", "-1s", "1w"])
    func refuses(_ text: String) {
        #expect(throws: FormatProblem.self) { try DurationValue.parse(text).get() }
    }

    @Test("a bare number suggests a unit")
    func bareNumberHelp() {
        #expect(DurationValue.parse("30").failure?.help?.contains("30s") == true)
    }
}

@Suite("Times, days and date-times")
struct CalendarValueTests {
    @Test("times of day are HH:MM, with 24:00 as the end of the day")
    func timesOfDay() throws {
        #expect(try TimeOfDay.parse("09:00").get().minutes == 540)
        #expect(try TimeOfDay.parse("24:00").get().minutes == 1440)
        for bad in ["9:00", "24:01", "12:60", "1200", "ab:cd", "12:00:00"] {
            #expect(throws: FormatProblem.self) { try TimeOfDay.parse(bad).get() }
        }
    }

    @Test("day sets accept ranges, lists, wrapping ranges and words")
    func daySets() throws {
        #expect(try DaySet.parse("mon-fri").get().description == "mon,tue,wed,thu,fri")
        #expect(try DaySet.parse("sat,sun").get().description == "sat,sun")
        #expect(try DaySet.parse("fri-mon").get().description == "mon,fri,sat,sun")
        #expect(try DaySet.parse("mon,wed-fri").get().description == "mon,wed,thu,fri")
        #expect(try DaySet.parse("daily").get().mask == 0b111_1111)
        #expect(try DaySet.parse("Weekends").get().description == "sat,sun")
        #expect(try DaySet.parse("mon-fri").get().contains(isoWeekday: 5))
        #expect(try !DaySet.parse("mon-fri").get().contains(isoWeekday: 6))
        for bad in ["mon-fry", "", "mon--fri", "someday"] {
            #expect(throws: FormatProblem.self) { try DaySet.parse(bad).get() }
        }
    }

    @Test("date-times need an offset and a real calendar date")
    func dateTimes() throws {
        let value = try DateTimeValue.parse("2026-11-27T09:00:00+01:00").get()
        #expect(value.secondsSince1970 == 1_795_766_400)
        #expect(try DateTimeValue.parse("2026-11-27T08:00:00Z").get().secondsSince1970 == 1_795_766_400)
        #expect(try DateTimeValue.parse("2024-02-29T00:00:00.250-05:00").get().offsetSeconds == -18_000)
        for bad in ["2026-11-27T09:00:00", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "27.11.2026 09:00", "2026-11-27T09:00:00+1"] {
            #expect(throws: FormatProblem.self) { try DateTimeValue.parse(bad).get() }
        }
    }
}

@Suite("Secret references")
struct SecretReferenceTests {
    @Test("env and file references parse")
    func references() throws {
        #expect(try SecretReference.parse("${env:WA_TOKEN}", field: "accessToken").get() == .environment("WA_TOKEN"))
        #expect(try SecretReference.parse("${file:/run/secrets/token}", field: "accessToken").get() == .file("/run/secrets/token"))
    }

    @Test("a literal is refused without quoting it, and the help names a variable")
    func literal() throws {
        let problem = try #require(SecretReference.parse("EAAGm0PX4ZCps", field: "accessToken").failure)
        #expect(problem.isLiteral)
        #expect(!problem.message.contains("EAAG"))
        #expect(problem.help.contains("${env:ACCESS_TOKEN}"))
    }

    @Test("malformed references are refused", arguments: ["${env:}", "${env:1A}", "${vault:x}", "${file:}", "${env:A", "${env:A-B}"])
    func malformed(_ text: String) throws {
        let problem = try #require(SecretReference.parse(text, field: "apiKey").failure)
        #expect(!problem.isLiteral)
    }
}

@Suite("Text formats")
struct TextFormatTests {
    @Test("names are lower-case DNS-like labels")
    func names() {
        #expect(TextFormat.name.problem(with: "sales-1") == nil)
        #expect(TextFormat.name.problem(with: "black_friday") == nil)
        #expect(TextFormat.name.problem(with: "Sales 1")?.help?.contains("'sales-1'") == true)
        #expect(TextFormat.name.problem(with: String(repeating: "a", count: 64)) != nil)
        #expect(TextFormat.name.problem(with: "-x") != nil)
    }

    @Test("timezones are IANA names, with a suggestion for typos")
    func timezones() {
        #expect(TextFormat.timezone.problem(with: "Europe/Berlin") == nil)
        #expect(TextFormat.timezone.problem(with: "UTC") == nil)
        #expect(TextFormat.timezone.problem(with: "Europe/Berlinn")?.help == "did you mean 'Europe/Berlin'?")
    }

    @Test("URLs, languages, country codes, API versions, regexes")
    func others() {
        #expect(TextFormat.url.problem(with: "https://graph.facebook.com") == nil)
        #expect(TextFormat.url.problem(with: "graph.facebook.com") != nil)
        #expect(TextFormat.templateURL.problem(with: "<<vars.url>>") == nil)
        #expect(TextFormat.language.problem(with: "en_US") == nil)
        #expect(TextFormat.language.problem(with: "en-us") != nil)
        #expect(TextFormat.countryCode.problem(with: "+49") == nil)
        #expect(TextFormat.countryCode.problem(with: "0049") != nil)
        #expect(TextFormat.apiVersion.problem(with: "v23.0") == nil)
        #expect(TextFormat.apiVersion.problem(with: "23") != nil)
        #expect(TextFormat.regex.problem(with: #"^order (\d+)$"#) == nil)
        #expect(TextFormat.regex.problem(with: "[a-") != nil)
        #expect(TextFormat.durationRange.problem(with: "50ms-300ms") == nil)
        #expect(TextFormat.email.problem(with: "ops@example.com") == nil)
        #expect(TextFormat.email.problem(with: "ops@") != nil)
    }
}

@Suite("Suggestions")
struct SuggestionTests {
    @Test("finds typos, transpositions and case differences, and nothing far away")
    func suggestions() {
        #expect(Suggestion.closest(to: "sendrs", among: ["senders", "message"]) == "senders")
        #expect(Suggestion.closest(to: "mesage", among: ["senders", "message"]) == "message")
        #expect(Suggestion.closest(to: "sedners", among: ["senders"]) == "senders")
        #expect(Suggestion.closest(to: "Message", among: ["message"]) == "message")
        #expect(Suggestion.closest(to: "colour", among: ["senders", "message"]) == nil)
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
    }
}

@Suite(".engineignore")
struct IgnoreRulesTests {
    let rules = IgnoreRules(
        """
        # comment
        examples/
        *.draft.yaml
        docs/*.yaml
        /build
        """)

    @Test("directory patterns match directories at any depth only")
    func directories() {
        #expect(rules.ignores("examples", isDirectory: true))
        #expect(rules.ignores("nested/examples", isDirectory: true))
        #expect(!rules.ignores("examples", isDirectory: false))
    }

    @Test("name patterns match at any depth; path patterns from the root")
    func patterns() {
        #expect(rules.ignores("flows/new.draft.yaml", isDirectory: false))
        #expect(!rules.ignores("flows/new.yaml", isDirectory: false))
        #expect(rules.ignores("docs/a.yaml", isDirectory: false))
        #expect(!rules.ignores("other/docs/a.yaml", isDirectory: false))
        #expect(rules.ignores("build", isDirectory: true))
    }
}
