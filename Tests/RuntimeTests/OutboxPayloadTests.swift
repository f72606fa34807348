import Foundation
import Testing

@testable import Runtime

@Suite("OutboxPayload decoding")
struct OutboxPayloadTests {
    @Test(
        "a plain text payload is read without the JSON decoder, to the same value",
        arguments: [#"{"text":"Hello"}"#, #"{"text":"ünïcode ✓ and emoji 🎉"}"#, #"{"text":""}"#])
    func plainText(json: String) throws {
        let data = Data(json.utf8)
        let text = try #require(OutboxPayload.plainText(data))
        #expect(try OutboxPayload.decode(data) == OutboxPayload(text: text))
        #expect(try OutboxPayload.decode(data) == JSONDecoder().decode(OutboxPayload.self, from: data))
    }

    @Test(
        "any other shape goes through the JSON decoder",
        arguments: [
            #"{"text":"say \"hi\""}"#, #"{"text":"a\/b"}"#, #"{"text":"tab\there"}"#, #"{"text":"x","buttons":[{"id":"a","title":"A"}]}"#,
            #"{ "text":"spaced"}"#, #"{"text":"raw"# + "\u{1}" + #""}"#, #"{"text":"#,
        ])
    func otherShapes(json: String) throws {
        let data = Data(json.utf8)
        #expect(OutboxPayload.plainText(data) == nil)
        let decoded = try? JSONDecoder().decode(OutboxPayload.self, from: data)
        #expect((try? OutboxPayload.decode(data)) == decoded)
    }

    @Test("invalid UTF-8 is not taken for text")
    func invalidUTF8() {
        var data = Data(#"{"text":""#.utf8)
        data.append(contentsOf: [0xC3, 0x28])
        data.append(contentsOf: Array(#""}"#.utf8))
        #expect(OutboxPayload.plainText(data) == nil)
        #expect(throws: RuntimeError.self) { try OutboxPayload.decode(data) }
    }
}
