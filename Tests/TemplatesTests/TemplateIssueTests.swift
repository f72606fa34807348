import Testing

@testable import Templates

@Suite("Parse issues and their positions")
struct TemplateIssueTests {
    private func issues(_ source: String) -> [TemplateIssue] {
        Template.parse(source).issues
    }

    private func onlyIssue(_ source: String) throws -> TemplateIssue {
        let found = issues(source)
        try #require(found.count == 1, "expected one issue, got \(found)")
        return found[0]
    }

    @Test func codesHaveStableRawValues() {
        #expect(
            TemplateIssue.Code.allCases.map(\.rawValue) == [
                "template.unbalanced", "template.empty", "template.invalid-path",
                "template.unknown-filter", "template.invalid-filter-argument",
            ])
    }

    @Test func unclosedOpenerAtEndIsUnbalancedAndKeptAsText() throws {
        let result = Template.parse("Hi <<contact.name")
        let issue = try #require(result.issues.first)
        #expect(result.issues.count == 1)
        #expect(issue.code == .unbalanced)
        #expect(issue.range == 3..<5)
        #expect(issue.utf8Range == 3..<5)
        #expect(result.template.segments == [.text("Hi <<contact.name")])
    }

    @Test func secondOpenerMakesTheFirstUnbalancedButParsesTheSecond() throws {
        let result = Template.parse("<<a <<b>>")
        #expect(result.issues.map(\.code) == [.unbalanced])
        #expect(result.issues.first?.range == 0..<2)
        #expect(result.template.segments.first == .text("<<a "))
        #expect(result.template.insertions.map(\.range) == [4..<9])
    }

    @Test func insertionCannotSpanLines() throws {
        let issue = try onlyIssue("<<a\n>>")
        #expect(issue.code == .unbalanced)
        #expect(issue.range == 0..<2)
    }

    @Test func emptyInsertionIsReportedOverTheWholeInsertion() throws {
        let issue = try onlyIssue("x <<>> y")
        #expect(issue.code == .empty)
        #expect(issue.range == 2..<6)
        #expect(Template.parse("x <<>> y").template.segments == [.text("x <<>> y")])
    }

    @Test func blankInsertionIsEmpty() throws {
        let issue = try onlyIssue("<<   >>")
        #expect(issue.code == .empty)
        #expect(issue.range == 0..<7)
    }

    @Test func spaceInsidePathIsInvalidPathOverTheTrimmedPath() throws {
        let issue = try onlyIssue("<< contact name >>")
        #expect(issue.code == .invalidPath)
        #expect(issue.range == 3..<15)
        #expect(issue.summary.contains("space"))
        #expect(issue.help != nil)
    }

    @Test(arguments: ["a..b", "a.", ".a", "0.a", "a.1b", "a.b!", "a.-b", "-a"])
    func malformedPathsAreInvalid(path: String) throws {
        let issue = try onlyIssue("<<\(path)>>")
        #expect(issue.code == .invalidPath)
        #expect(issue.range == 2..<(2 + path.count))
    }

    @Test func invalidPathKeepsTheInsertionAsLiteralText() {
        let result = Template.parse("a <<b c>> d")
        #expect(result.template.segments == [.text("a <<b c>> d")])
    }

    @Test func filtersWithoutPathAreInvalidPathOverTheInsertion() throws {
        let issue = try onlyIssue("<< | upper>>")
        #expect(issue.code == .invalidPath)
        #expect(issue.range == 0..<12)
    }

    @Test func unknownFilterSuggestsTheClosestName() throws {
        let issue = try onlyIssue("<<x | uper>>")
        #expect(issue.code == .unknownFilter)
        #expect(issue.range == 6..<10)
        #expect(issue.summary == "Unknown filter 'uper'")
        #expect(issue.help == "Did you mean 'upper'?")
    }

    @Test func distantUnknownFilterListsTheFiltersInstead() throws {
        let issue = try onlyIssue("<<x | frobnicate>>")
        #expect(issue.code == .unknownFilter)
        #expect(issue.help?.contains("Did you mean") == false)
        #expect(issue.help?.contains("default, upper, lower") == true)
    }

    @Test func unknownFilterKeepsTheInsertionWithItsGoodFilters() {
        let result = Template.parse("<<x | uper | lower>>")
        #expect(result.template.insertions.first?.filters == [.lower])
    }

    @Test func pipeWithoutFilterIsReportedAtThePipe() throws {
        let trailing = try onlyIssue("<<x | >>")
        #expect(trailing.code == .unknownFilter)
        #expect(trailing.range == 4..<5)
        let doubled = try onlyIssue("<<x || upper>>")
        #expect(doubled.range == 4..<5)
    }

    @Test func nonNameAfterPipeIsUnknownFilter() throws {
        let issue = try onlyIssue(#"<<x | "upper">>"#)
        #expect(issue.code == .unknownFilter)
        #expect(issue.range == 6..<13)
    }

    @Test func issuesAreCollectedAcrossTheWholeTemplateInOrder() {
        let source = "<<a..b>> and <<x | uper | truncate>> and <<>> and <<y"
        let found = issues(source)
        #expect(found.map(\.code) == [.invalidPath, .unknownFilter, .invalidFilterArgument, .empty, .unbalanced])
        #expect(found.map(\.range) == [2..<6, 19..<23, 26..<34, 41..<45, 50..<52])
    }

    @Test func oneInsertionCanHaveSeveralIssues() {
        let found = issues("<<a b | uper | truncate: 0>>")
        #expect(found.map(\.code) == [.invalidPath, .unknownFilter, .invalidFilterArgument])
    }

    @Test func offsetsCountCharactersNotBytes() throws {
        // "e" + combining acute is one Character; the emoji with skin tone is one Character of 8 bytes.
        let source = "e\u{301}👋🏽 <<x | uper>>"
        let issue = try onlyIssue(source)
        #expect(issue.range == 9..<13)
        #expect(issue.utf8Range == 18..<22)
        let unicodeScalars = Array(source.unicodeScalars)
        #expect(unicodeScalars.count > source.count)
        #expect(Template.parse("e\u{301}👋🏽 <<x>>").template.insertions.first?.range == 3..<8)
    }

    @Test func carriageReturnLineFeedCountsAsOneCharacter() throws {
        let issue = try onlyIssue("a\r\n<<b")
        #expect(issue.range == 2..<4)
        #expect(issue.utf8Range == 3..<5)
    }

    @Test func utf8RangeMatchesTheSourceBytes() throws {
        let source = "Olá <<contact.nome | titel>>"
        let issue = try onlyIssue(source)
        let bytes = Array(source.utf8)[issue.utf8Range]
        #expect(String(decoding: bytes, as: UTF8.self) == "titel")
        #expect(String(Array(source)[issue.range]) == "titel")
    }

    @Test func descriptionShowsCodeRangeSummaryAndHelp() throws {
        let issue = try onlyIssue("<<x | uper>>")
        #expect(issue.description == "template.unknown-filter [6..<10]: Unknown filter 'uper' (Did you mean 'upper'?)")
    }

    @Test func templateWithIssuesStillRendersItsGoodParts() {
        let template = Template.parse("Hi <<contact.name | uper>>, <<>> <<vars.x").template
        let rendered = template.render(["contact": ["name": "Ann"]])
        #expect(rendered.text == "Hi Ann, <<>> <<vars.x")
    }
}
