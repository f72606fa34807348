import Testing

@testable import Templates

@Suite("Large templates")
struct TemplateScaleTests {
    @Test func tenThousandInsertionsParseAndRender() throws {
        // Completion is the assertion: a quadratic scan would make this test hang, without timing it.
        let count = 10_000
        var source = ""
        var characterCount = 0
        var lastChunkStart = 0
        for index in 0..<count {
            let chunk = "é <<vars.items.\(index) | default: \"-\">> "
            lastChunkStart = characterCount
            characterCount += chunk.count
            source += chunk
        }
        let result = Template.parse(source)
        #expect(result.issues.isEmpty)
        #expect(result.template.insertions.count == count)
        #expect(result.template.insertions.last?.range.lowerBound == lastChunkStart + 2)
        let rendered = result.template.render(["vars": ["items": .array((0..<count).map { .int($0) })]])
        #expect(rendered.text.hasPrefix("é 0 é 1 "))
        #expect(rendered.missing.isEmpty)
    }

    @Test func tenThousandUnbalancedOpenersAreAllReported() {
        let source = String(repeating: "<<a ", count: 10_000)
        let result = Template.parse(source)
        #expect(result.issues.count == 10_000)
        #expect(result.issues.allSatisfy { $0.code == .unbalanced })
        #expect(result.template.segments == [.text(source)])
    }
}
