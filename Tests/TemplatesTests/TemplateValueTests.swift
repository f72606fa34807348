import Foundation
import Testing

@testable import Templates

@Suite("Template values")
struct TemplateValueTests {
    @Test func decodesJSONKeepingIntegersApartFromDoubles() throws {
        let json = #"{"n": 1, "d": 2.5, "b": true, "z": null, "s": "x", "a": [1, false], "o": {"k": -3}}"#
        let value = try TemplateValue(jsonData: Data(json.utf8))
        #expect(
            value == [
                "n": .int(1), "d": .number(2.5), "b": .bool(true), "z": .null, "s": "x",
                "a": [1, false], "o": ["k": -3],
            ])
    }

    @Test func decodesScalarsAtTheTopLevel() throws {
        #expect(try TemplateValue(jsonData: Data("42".utf8)) == .int(42))
        #expect(try TemplateValue(jsonData: Data(#""hi""#.utf8)) == .string("hi"))
        #expect(try TemplateValue(jsonData: Data("false".utf8)) == .bool(false))
        #expect(try TemplateValue(jsonData: Data("null".utf8)) == .null)
    }

    @Test func integerTooLargeForIntBecomesDouble() throws {
        #expect(try TemplateValue(jsonData: Data("123456789012345678901234".utf8)) == .number(1.2345678901234568e23))
    }

    @Test func malformedJSONThrows() {
        #expect(throws: (any Error).self) { try TemplateValue(jsonData: Data("{nope".utf8)) }
    }

    @Test func jsonTextIsCompactWithSortedKeys() {
        let value: TemplateValue = ["b": [1, 2.5, "x"], "a": ["d": .null, "c": true]]
        #expect(value.jsonText == #"{"a":{"c":true,"d":null},"b":[1,2.5,"x"]}"#)
        #expect(value.jsonData == Data(value.jsonText.utf8))
    }

    @Test func jsonTextEscapesQuotesBackslashesAndControlCharactersOnly() {
        let value: TemplateValue = "a\"b\\c\nd\u{1F}é/👋🏽"
        #expect(value.jsonText == #""a\"b\\c\nd\u001fé/👋🏽""#)
    }

    @Test func nonFiniteNumbersBecomeJSONNull() {
        #expect(TemplateValue.number(.nan).jsonText == "null")
        #expect(TemplateValue.array([.number(.infinity)]).jsonText == "[null]")
    }

    @Test func jsonRoundTripsThroughCodable() throws {
        let value: TemplateValue = ["list": [1, 2.25, "x", .null, false], "nested": ["k": "v"]]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(TemplateValue.self, from: data) == value)
        #expect(try TemplateValue(jsonData: value.jsonData) == value)
    }

    @Test func textFormatsNumbersMinimally() {
        #expect(TemplateValue.int(-7).text == "-7")
        #expect(TemplateValue.number(2.5).text == "2.5")
        #expect(TemplateValue.number(3).text == "3")
        #expect(TemplateValue.number(-1e6).text == "-1000000")
        #expect(TemplateValue.number(0.1).text == "0.1")
        #expect(TemplateValue.number(1e300).text == "1e+300")
    }

    @Test func textOfScalarsAndContainers() {
        #expect(TemplateValue.bool(true).text == "true")
        #expect(TemplateValue.null.text == "")
        #expect(TemplateValue.string("<<x>>").text == "<<x>>")
        #expect(TemplateValue.array([]).text == "[]")
        #expect(TemplateValue.object([:]).text == "{}")
    }

    @Test func literalsBuildTheMatchingCases() {
        let values: [TemplateValue] = ["s", 1, 1.5, true, [1], ["k": 1]]
        #expect(values == [.string("s"), .int(1), .number(1.5), .bool(true), .array([.int(1)]), .object(["k": .int(1)])])
    }
}
