import Flows
import Foundation
import Store
import Templates
import Testing

@testable import Runtime

@Suite("CompactJSONEncoder writes Foundation's JSON")
struct CompactJSONEncoderTests {
    /// Every shape Codable types of the runner produce, and a few they might.
    struct Zoo: Codable {
        struct Inner: Codable, Hashable {
            var name: String
            var tags: [String]
        }

        var text = "plain"
        var tricky = "quote \" backslash \\ slash / newline \n tab \t bell \u{7} nul \u{0} unit \u{1F} del \u{7F} é 😀 \u{2028}"
        var empty = ""
        var flag = true
        var int = -42
        var int8: Int8 = .min
        var int16: Int16 = .max
        var int32: Int32 = -7
        var int64: Int64 = .max
        var uint: UInt = 7
        var uint8: UInt8 = .max
        var uint64: UInt64 = .max
        var doubles: [Double] = [0, -0.0, 1, 0.1, 5, 1e16, 1e15, 1e20, 1e-7, 123e-20, 123_456_789.123, 1_722_000_000.5, 3e300, Double(Int64.max)]
        var floats: [Float] = [0.1, 1, 1e20, 3.4e38]
        var date = Date(timeIntervalSinceReferenceDate: 812_345_678.25)
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_800_000_000.123)]
        var data = Data([0, 1, 2, 250, 255])
        var url = URL(string: "https://example.com/a/b?c=d")!
        var missing: String?
        var present: Int? = 3
        var optionals: [Int?] = [nil, 1, nil]
        var nested = Inner(name: "n", tags: ["a", "b"])
        var byName: [String: Inner] = ["b": Inner(name: "B", tags: []), "a": Inner(name: "A", tags: ["x"]), "B": Inner(name: "C", tags: [])]
        var byNumber: [Int: String] = [1: "a", 10: "b", 2: "c"]
        var keysInOrder: [String: Int] = ["_x": 1, "Z": 2, "a10": 3, "a9": 4, "aa": 5, "é": 6, "e": 7, "": 8]
        var sets: [[String]] = [[], ["x"]]
        var value: TemplateValue = .object([
            "list": .array([.int(1), .number(2.5), .number(3), .string("s/t"), .bool(false), .null]),
            "deep": .object(["k": .object([:]), "l": .array([])]),
        ])
    }

    let foundation: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    /// Checks that `value` is written here (unless `handedOver`), as Foundation writes it.
    func expectSameJSON(_ value: some Encodable, handedOver: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect((try CompactJSONEncoder.compactJSON(of: value) == nil) == handedOver, sourceLocation: sourceLocation)
        let compact = try CompactJSONEncoder().encode(value)
        let expected = try foundation.encode(value)
        #expect(String(decoding: compact, as: UTF8.self) == String(decoding: expected, as: UTF8.self), sourceLocation: sourceLocation)
    }

    @Test("every kind of value is written as Foundation writes it, byte for byte")
    func zoo() throws {
        try expectSameJSON(Zoo())
        try expectSameJSON([Zoo(), Zoo()])
        try expectSameJSON(["only": Zoo()])
        try expectSameJSON("top-level / string")
        try expectSameJSON(12.5)
        try expectSameJSON(Optional<Int>.none)
    }

    @Test("execution states, outbox messages and inbound bodies of real runs are written as Foundation writes them")
    func runnerRecords() async throws {
        let world = try await RunnerWorld(["flows/survey.yaml": FlowDocuments.survey, "flows/slow.yaml": FlowDocuments.slow])
        try await world.say("survey")
        try await world.say("slow", from: RunnerWorld.bob)
        let states = try [world.state(), world.state(of: RunnerWorld.bob)].compactMap { $0 }
        #expect(states.count == 2)
        for state in states { try expectSameJSON(state) }
        for row in try world.outbox() { try expectSameJSON(row.payload) }
        try expectSameJSON(StoredInboundBody(text: "a \"reply\" / with \u{1} odd bytes", replyID: nil, profileName: "Zoë"))
    }

    @Test("a value whose encoding asks for a nested container by hand is handed to Foundation")
    func fallsBackToFoundation() throws {
        struct Manual: Encodable {
            enum Keys: String, CodingKey { case outer, inner }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var nested = container.nestedContainer(keyedBy: Keys.self, forKey: .outer)
                try nested.encode(1, forKey: .inner)
                try container.encode("after", forKey: .inner)
            }
        }
        try expectSameJSON(Manual(), handedOver: true)
        #expect(throws: (any Error).self) { try CompactJSONEncoder().encode([Double.nan]) }
    }
}
