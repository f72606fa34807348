import Testing

@testable import Templates

@Suite("Context lookup")
struct TemplateContextTests {
    private func path(_ text: String) throws -> VariablePath {
        try #require(VariablePath(text))
    }

    @Test func looksUpNestedKeysAndIndexes() throws {
        let context: TemplateContext = ["flow": ["items": [["name": "Tea"]]]]
        #expect(context.value(at: try path("flow.items.0.name")) == "Tea")
        #expect(context.value(at: try path("flow.items")) == [["name": "Tea"]])
    }

    @Test func missingNamespaceKeyOrIndexIsNil() throws {
        let context: TemplateContext = ["flow": ["items": ["a"]]]
        #expect(context.value(at: try path("contact.name")) == nil)
        #expect(context.value(at: try path("flow.other")) == nil)
        #expect(context.value(at: try path("flow.items.1")) == nil)
        #expect(context.value(at: try path("flow.items.first")) == nil)
    }

    @Test func nullIsFoundNotMissing() throws {
        let context: TemplateContext = ["vars": ["x": .null]]
        #expect(context.value(at: try path("vars.x")) == .null)
    }

    @Test func namespaceSubscriptReadsAndWrites() throws {
        var context = TemplateContext()
        context["vars"] = ["order": 7]
        #expect(context["vars"] == ["order": 7])
        #expect(context.value(at: try path("vars.order")) == 7)
        context["vars"] = nil
        #expect(context.namespaces.isEmpty)
    }

    @Test func scalarNamespaceIsItsOwnValue() throws {
        let context = TemplateContext(["count": 3])
        #expect(context.value(at: try path("count")) == 3)
    }
}
