import Foundation
import TestSupport
import Testing

@testable import Transports

@Suite("JSON reading and writing")
struct JSONValueTests {
    private func parse(_ text: String) -> JSONValue? {
        JSONValue(parsing: Data(text.utf8))
    }

    // MARK: Reading

    @Test func readsEveryKindOfValue() {
        let value = parse(#" {"a": [1, -2, 3.5, -0.25e2, 1E3, true, false, null], "b": {"c": "d"}, "e": ""} "#)
        #expect(
            value
                == .object([
                    "a": .array([.integer(1), .integer(-2), .double(3.5), .double(-25), .double(1000), .bool(true), .bool(false), .null]),
                    "b": .object(["c": .string("d")]), "e": .string(""),
                ]))
    }

    @Test func readsTopLevelScalars() {
        #expect(parse("42") == .integer(42))
        #expect(parse(#""x""#) == .string("x"))
        #expect(parse(" null ") == .null)
    }

    @Test func decodesEscapesAndSurrogatePairs() {
        #expect(parse(#""caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t""#) == .string("café 😀 \"q\" \\ / \u{08}\u{0C}\n\r\t"))
        // Raw UTF-8 passes through untouched.
        #expect(parse(#""Größe 👍🏽""#) == .string("Größe 👍🏽"))
    }

    @Test func replacesLoneSurrogatesInsteadOfFailing() {
        #expect(parse(#""a\ud800b""#) == .string("a\u{FFFD}b"))
        #expect(parse(#""\udc00""#) == .string("\u{FFFD}"))
        #expect(parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func keepsLargeIntegersExactAndOverflowAsDouble() {
        #expect(parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(parse("123456789012345678901234567890") == .double(1.2345678901234568e29))
    }

    @Test func theLastOfDuplicateKeysWins() {
        #expect(parse(#"{"a": 1, "a": 2}"#) == .object(["a": .integer(2)]))
    }

    @Test(arguments: [
        "", " ", "{", "[1,]", "{\"a\":1,}", "{a:1}", "01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity", "1e999",
        "tru", "nul", "[1] 2", "\"abc", "\"a\u{01}b\"", "\"\\x\"", "\"\\u12\"", "'a'", "{\"a\" 1}", "[1 2]", "// c\n1", "\u{FEFF}1",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(parse(text) == nil, "\(String(reflecting: text)) is not JSON")
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(JSONValue(parsing: Data([0x22, 0xC3, 0x28, 0x22])) == nil)
        #expect(JSONValue(parsing: Data([0x22, 0xFF, 0x22])) == nil)
    }

    @Test func boundsNestingDepth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(parse(deep) == nil)
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(parse(fine) != nil)
    }

    @Test func agreesWithJSONSerializationOnTheConformancePayloads() throws {
        let vectors = try ConformanceVectors(provider: "cloud-api").load() + ConformanceVectors(provider: "gateway").load()
        #expect(!vectors.isEmpty)
        for vector in vectors {
            let ours = try #require(JSONValue(parsing: vector.body), "our reader refused \(vector.name), which JSONSerialization reads")
            let theirs = try JSONSerialization.jsonObject(with: vector.body, options: [.fragmentsAllowed])
            let roundTrip = try JSONSerialization.jsonObject(with: ours.data, options: [.fragmentsAllowed])
            #expect(NSDictionary(dictionary: roundTrip as? [String: Any] ?? [:]) == NSDictionary(dictionary: theirs as? [String: Any] ?? [:]))
        }
    }

    // MARK: Writing

    @Test func writesCompactSortedAndEscaped() {
        let value: JSONValue = .object([
            "z": .string("a/b \"q\" \\ \n\t\u{01} é 😀"), "a": .array([.integer(1), .double(2.5), .double(3), .bool(true), .null]),
            "m": .object([:]),
        ])
        #expect(String(decoding: value.data, as: UTF8.self) == #"{"a":[1,2.5,3,true,null],"m":{},"z":"a/b \"q\" \\ \n\t\u0001 é 😀"}"#)
    }

    @Test func writingThenReadingGivesTheSameValue() {
        let value: JSONValue = .object([
            "text": .string("line\r\nnext \u{1F} \u{7F} \u{2028}"), "list": .array([.integer(-7), .double(0.125), .double(-1e-7)]),
            "nested": .object(["deeper": .array([.object(["x": .null])])]),
        ])
        #expect(JSONValue(parsing: value.data) == value)
    }
}
