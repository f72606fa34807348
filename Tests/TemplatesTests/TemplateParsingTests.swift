import Testing

@testable import Templates

@Suite("Parsing valid templates")
struct TemplateParsingTests {
    private func parseValid(_ source: String) throws -> Template {
        let result = Template.parse(source)
        #expect(result.issues == [], "unexpected issues for \(source)")
        return result.template
    }

    private func onlyInsertion(_ source: String) throws -> Insertion {
        let insertions = try parseValid(source).insertions
        try #require(insertions.count == 1)
        return insertions[0]
    }

    @Test func plainTextIsOneConstantTextSegment() throws {
        let template = try parseValid("Hello, world!")
        #expect(template.segments == [.text("Hello, world!")])
        #expect(template.isConstant)
        #expect(template.insertions.isEmpty)
    }

    @Test func emptySourceHasNoSegments() throws {
        let template = try parseValid("")
        #expect(template.segments.isEmpty)
        #expect(template.isConstant)
    }

    @Test func insertionSplitsTextAndRecordsCharacterRanges() throws {
        let template = try parseValid("Hi <<contact.name>>!")
        try #require(template.segments.count == 3)
        #expect(template.segments[0] == .text("Hi "))
        #expect(template.segments[2] == .text("!"))
        let insertion = try #require(template.insertions.first)
        #expect(insertion.path.description == "contact.name")
        #expect(insertion.range == 3..<19)
        #expect(insertion.pathRange == 5..<17)
        #expect(insertion.filters.isEmpty)
        #expect(!template.isConstant)
    }

    @Test func spacesAndTabsInsideBracketsAreIgnored() throws {
        let insertion = try onlyInsertion("<< \tcontact.name  >>")
        #expect(insertion.path.description == "contact.name")
        #expect(insertion.range == 0..<20)
        #expect(insertion.pathRange == 4..<16)
    }

    @Test func pathWithIndexesParsesIntoKeysAndIndexes() throws {
        let insertion = try onlyInsertion("<<flow.httpResponse.items.0.name>>")
        #expect(
            insertion.path.components == [
                .key("flow"), .key("httpResponse"), .key("items"), .index(0), .key("name"),
            ])
        #expect(insertion.path.namespace == "flow")
    }

    @Test func nameSegmentsAcceptDigitsUnderscoresDashesAndLetters() throws {
        let template = try parseValid("<<contact.first-name>> <<vars._tmp2>> <<contact.straße>>")
        #expect(template.variables.map(\.description) == ["contact.first-name", "vars._tmp2", "contact.straße"])
    }

    @Test func singleFilterWithoutArgument() throws {
        #expect(try onlyInsertion("<<contact.name | upper>>").filters == [.upper])
    }

    @Test func filterChainKeepsOrder() throws {
        let insertion = try onlyInsertion(#"<<contact.name | default: "friend" | trim | upper>>"#)
        #expect(insertion.filters == [.default("friend"), .trim, .upper])
    }

    @Test func filtersParseWithoutAnySpaces() throws {
        let insertion = try onlyInsertion("<<vars.note|truncate:3|lower>>")
        #expect(insertion.filters == [.truncate(3), .lower])
    }

    @Test func everyFilterNameParses() throws {
        let source = #"<<x | default: "a" | upper | lower | title | trim | truncate: 4 | json | urlencode | date: "yyyy" | phone>>"#
        let insertion = try onlyInsertion(source)
        #expect(
            insertion.filters == [
                .default("a"), .upper, .lower, .title, .trim, .truncate(4), .json, .urlencode,
                .date(format: "yyyy"), .phone,
            ])
        #expect(insertion.filters.map(\.name) == FilterName.allCases)
    }

    @Test func numericDefaultArgumentsKeepTheirType() throws {
        #expect(try onlyInsertion("<<x | default: 42>>").filters == [.default(.int(42))])
        #expect(try onlyInsertion("<<x | default: -2.5>>").filters == [.default(.number(-2.5))])
    }

    @Test func quotedArgumentMayContainPipesBracketsAndEscapes() throws {
        let insertion = try onlyInsertion(#"<<x | default: "a|b>>c<<d \"q\" \\ end">>"#)
        #expect(insertion.filters == [.default(.string(#"a|b>>c<<d "q" \ end"#))])
    }

    @Test func escapedOpenerWritesLiteralBracketsAndConsumesBackslash() throws {
        let template = try parseValid(#"Use \<<name>> to insert"#)
        #expect(template.segments == [.text("Use <<name>> to insert")])
        #expect(template.isConstant)
    }

    @Test func escapedOpenerDirectlyBeforeAnInsertion() throws {
        let template = try parseValid(#"\<<<<x>>"#)
        try #require(template.segments.count == 2)
        #expect(template.segments[0] == .text("<<"))
        #expect(template.insertions.first?.range == 3..<8)
    }

    @Test func backslashNotBeforeOpenerIsPlainText() throws {
        #expect(try parseValid(#"C:\temp\<x \\"#).segments == [.text(#"C:\temp\<x \\"#)])
    }

    @Test func loneClosingBracketsArePlainText() throws {
        #expect(try parseValid("a >> b > c").segments == [.text("a >> b > c")])
    }

    @Test func adjacentInsertionsHaveNoTextBetween() throws {
        let template = try parseValid("<<a>><<b>>")
        #expect(template.segments.count == 2)
        #expect(template.insertions.map(\.range) == [0..<5, 5..<10])
    }

    @Test func variablesAreDistinctInFirstUseOrder() throws {
        let template = try parseValid("<<b>> <<a>> <<b | upper>>")
        #expect(template.variables.map(\.description) == ["b", "a"])
        #expect(template.insertions.count == 3)
    }

    @Test func hasDefaultDetectsDefaultAnywhereInTheChain() throws {
        let template = try parseValid(#"<<a>> <<b | upper | default: "x">> <<c | default: 0>>"#)
        #expect(template.insertions.map(\.hasDefault) == [false, true, true])
        #expect(template.insertions.map(\.defaultValue) == [nil, .string("x"), .int(0)])
    }

    @Test func throwingInitializerAcceptsValidSource() throws {
        let template = try Template("Hi <<contact.name>>")
        #expect(template == Template.parse("Hi <<contact.name>>").template)
        #expect(template.description == "Hi <<contact.name>>")
    }

    @Test func throwingInitializerReportsAllIssues() {
        #expect(throws: TemplateSyntaxError.self) { try Template("<<>> <<x | uper>>") }
        do {
            _ = try Template("<<>> <<x | uper>>")
        } catch {
            #expect(error.issues.map(\.code) == [.empty, .unknownFilter])
        }
    }

    @Test func filterDescriptionsReadAsWritten() {
        #expect(Filter.default(.string(#"say "hi""#)).description == #"default: "say \"hi\"""#)
        #expect(Filter.truncate(5).description == "truncate: 5")
        #expect(Filter.date(format: "yyyy").description == #"date: "yyyy""#)
        #expect(Filter.upper.description == "upper")
    }
}
