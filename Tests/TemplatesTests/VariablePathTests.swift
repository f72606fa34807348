import Testing

@testable import Templates

@Suite("Variable paths")
struct VariablePathTests {
    @Test func parsesAndDescribesTheSamePath() throws {
        let path = try #require(VariablePath("flow.httpResponse.items.0.name"))
        #expect(path.description == "flow.httpResponse.items.0.name")
        #expect(path.namespace == "flow")
        #expect(path.components.count == 5)
    }

    @Test func indexWithLeadingZerosIsNormalised() throws {
        let path = try #require(VariablePath("vars.items.007"))
        #expect(path.components.last == .index(7))
        #expect(path.description == "vars.items.7")
    }

    @Test(arguments: ["", " a", "a ", "a.", ".a", "1", "1.a", "a..b", "a.b c", "a.$", "a.99999999999999999999999"])
    func rejectsMalformedPaths(text: String) {
        #expect(VariablePath(text) == nil)
    }

    @Test func pathsWithEqualTextAreEqual() {
        #expect(VariablePath("contact.name") == VariablePath("contact.name"))
        #expect(VariablePath("contact.name") != VariablePath("contact.phone"))
    }
}
