import Testing

@testable import Templates

@Suite("Filter arguments")
struct FilterArgumentTests {
    private func onlyIssue(_ source: String) throws -> TemplateIssue {
        let found = Template.parse(source).issues
        try #require(found.count == 1, "expected one issue, got \(found)")
        return found[0]
    }

    @Test(arguments: ["default", "truncate", "date"])
    func filtersThatNeedAnArgumentRejectNone(name: String) throws {
        let issue = try onlyIssue("<<x | \(name)>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 6..<(6 + name.count))
        #expect(issue.summary == "Filter '\(name)' needs an argument")
    }

    @Test(arguments: ["upper", "lower", "title", "trim", "json", "urlencode", "phone"])
    func filtersWithoutArgumentsRejectOne(name: String) throws {
        let issue = try onlyIssue("<<x | \(name): 1>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == (6 + name.count)..<(9 + name.count))
        #expect(issue.summary == "Filter '\(name)' takes no argument")
    }

    @Test(arguments: ["0", "-1", "2.5", #""3""#])
    func truncateNeedsAPositiveWholeNumber(argument: String) throws {
        let issue = try onlyIssue("<<x | truncate: \(argument)>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 16..<(16 + argument.count))
    }

    @Test(arguments: ["5", #""""#])
    func dateNeedsANonEmptyQuotedFormat(argument: String) throws {
        let issue = try onlyIssue("<<x | date: \(argument)>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 12..<(12 + argument.count))
    }

    @Test func argumentWithoutColonAsksForTheColon() throws {
        let issue = try onlyIssue("<<x | truncate 5>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 15..<16)
        #expect(issue.help == "Write 'truncate: 20'")
    }

    @Test func colonWithoutArgumentIsReportedAtTheColon() throws {
        let issue = try onlyIssue("<<x | truncate:>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 14..<15)
    }

    @Test func unterminatedStringIsAnArgumentIssueNotUnbalanced() throws {
        let result = Template.parse(#"<<x | default: "abc>> tail"#)
        let issue = try #require(result.issues.first)
        #expect(result.issues.count == 1)
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 15..<19)
        #expect(result.template.insertions.first?.range == 0..<21)
    }

    @Test func unsupportedEscapeIsReportedAtTheEscape() throws {
        let issue = try onlyIssue(#"<<x | default: "a\nb">>"#)
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 17..<19)
    }

    @Test func bareWordArgumentMustBeQuoted() throws {
        let issue = try onlyIssue("<<x | default: there>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 15..<20)
        #expect(issue.help == #"Quote text with double quotes, e.g. "there""#)
    }

    @Test func singleQuotedArgumentSuggestsDoubleQuotes() throws {
        let issue = try onlyIssue("<<x | default: 'yes'>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.help?.contains("double quotes") == true)
    }

    @Test func strayTextAfterArgumentIsReported() throws {
        let issue = try onlyIssue("<<x | truncate: 3 4>>")
        #expect(issue.code == .invalidFilterArgument)
        #expect(issue.range == 18..<19)
    }

    @Test(arguments: [
        ("uper", FilterName.upper), ("lowr", .lower), ("jsn", .json), ("urlencod", .urlencode),
        ("dat", .date), ("Upper", .upper), ("titel", .title), ("defualt", .default), ("phon", .phone),
    ])
    func suggestionFindsTheClosestNameWithinTwoEdits(typed: String, expected: FilterName) {
        #expect(FilterName.suggestion(for: typed) == expected)
    }

    @Test(arguments: ["xyz", "capitalize", "uppercase", ""])
    func noSuggestionBeyondTwoEdits(typed: String) {
        #expect(FilterName.suggestion(for: typed) == nil)
    }

    @Test func argumentRequirementsMatchTheFilterSet() {
        #expect(FilterName.allCases.filter(\.takesArgument) == [.default, .truncate, .date])
    }
}
