import Foundation
import HTTPTypes
import Server
import Testing

@Suite("EngineAPI sends")
struct EngineAPISendTests {
    @Test("a text message is queued: 202 with its id, the dispatcher woken")
    func sendText() async throws {
        try await APIWorld.run { world in
            let answer = try await world.post("/api/messages", #"{"to": "+15550109001", "text": "Your order shipped", "sender": "sales-1"}"#)
            #expect(answer.status == .accepted, "\(answer.text)")
            #expect(answer.json == ["id": 100, "outcome": "queued", "to": "+15550109001"])
            try await world.expectConforms(answer, to: "post", "/api/messages")
            #expect(world.wakes.value == 1)
            let sent = try #require(world.source.calls.sends.last?.first)
            #expect(sent == SendRequest(sender: "sales-1", to: "+15550109001", content: .text("Your order shipped")))
        }
    }

    @Test("a template message carries its name, language and values")
    func sendTemplate() async throws {
        try await APIWorld.run { world in
            let answer = try await world.post(
                "/api/messages",
                #"{"to": "+15550109001", "template": {"name": "order_update", "language": "en_US", "parameters": ["42"], "buttons": ["track"]}}"#)
            #expect(answer.status == .accepted, "\(answer.text)")
            #expect(
                world.source.calls.sends.last?.first?.content
                    == .template(name: "order_update", language: "en_US", parameters: ["42"], header: [], buttons: ["track"]))
        }
    }

    @Test("the same idempotency key, in the body or the header, queues once: 200 duplicate, no wake-up")
    func idempotency() async throws {
        try await APIWorld.run { world in
            let body = #"{"to": "+15550109001", "text": "Hi", "idempotencyKey": "order-42"}"#
            let answer1 = try await world.post("/api/messages", body)
            #expect(answer1.status == .accepted)
            let again = try await world.post("/api/messages", body)
            #expect(again.status == .ok)
            #expect(again.json?["outcome"] == "duplicate")
            try await world.expectConforms(again, to: "post", "/api/messages")
            let header = try await world.post(
                "/api/messages", #"{"to": "+15550109001", "text": "Hi"}"#, headers: [HTTPField.Name("Idempotency-Key")!: "order-42"])
            #expect(header.json?["outcome"] == "duplicate")
            #expect(world.wakes.value == 1)
            #expect(world.source.calls.sends.map { $0.first?.idempotencyKey } == ["order-42", "order-42", "order-42"])
        }
    }

    @Test("a body key that differs from the header is refused")
    func conflictingKeys() async throws {
        try await APIWorld.run { world in
            let answer = try await world.post(
                "/api/messages", #"{"to": "+15550109001", "text": "Hi", "idempotencyKey": "a"}"#, headers: [HTTPField.Name("Idempotency-Key")!: "b"])
            #expect(answer.status == .badRequest)
            #expect(answer.errorField == "idempotencyKey")
            #expect(world.source.calls.sends.isEmpty)
        }
    }

    @Test("a contact who opted out is refused with 422 and nothing is queued")
    func optedOut() async throws {
        try await APIWorld.run(source: StubDataSource(optedOut: ["+15550109001"])) { world in
            let answer = try await world.post("/api/messages", #"{"to": "+15550109001", "text": "Hi"}"#)
            #expect(answer.status == .unprocessableContent)
            #expect(answer.errorCode == "contact.opted-out")
            #expect(answer.errorField == "to")
            try await world.expectConforms(answer, to: "post", "/api/messages")
            #expect(world.wakes.value == 0)
        }
    }

    @Test(
        "a malformed message is 400 naming the field, and nothing reaches the outbox",
        arguments: [
            ("not json", ""),
            (#"["to"]"#, ""),
            (#"{"text": "Hi"}"#, "to"),
            (#"{"to": 15550109001, "text": "Hi"}"#, "to"),
            (#"{"to": "+15550109001"}"#, "text"),
            (#"{"to": "+15550109001", "text": "   "}"#, "text"),
            (#"{"to": "+15550109001", "text": "Hi", "template": {"name": "a", "language": "en"}}"#, "template"),
            (#"{"to": "+15550109001", "txt": "Hi"}"#, "txt"),
            (#"{"to": "+15550109001", "template": {"name": "a"}}"#, "template.language"),
            (#"{"to": "+15550109001", "template": {"name": "a", "language": "en", "parameters": [1]}}"#, "template.parameters[0]"),
            (#"{"to": "+15550109001", "template": "order_update"}"#, "template"),
            (#"{"to": "+15550109001", "text": "Hi", "sender": 3}"#, "sender"),
            (#"{"to": "+15550109001", "text": "Hi", "idempotencyKey": ""}"#, "idempotencyKey"),
        ])
    func invalidMessage(_ body: String, _ field: String) async throws {
        try await APIWorld.run { world in
            let answer = try await world.post("/api/messages", body)
            #expect(answer.status == .badRequest, "\(answer.text)")
            if field.isEmpty {
                #expect(answer.errorCode == "request.invalid-body" || answer.errorField == "")
            } else {
                #expect(answer.errorField == field, "\(answer.text)")
            }
            try await world.expectConforms(answer, to: "post", "/api/messages")
            #expect(world.source.calls.sends.isEmpty)
        }
    }

    @Test("a text longer than WhatsApp takes is refused")
    func tooLong() async throws {
        try await APIWorld.run { world in
            let text = String(repeating: "a", count: EngineAPI.maximumTextLength + 1)
            let answer = try await world.post("/api/messages", #"{"to": "+15550109001", "text": "\#(text)"}"#)
            #expect(answer.status == .badRequest)
            #expect(answer.errorField == "text")
        }
    }

    @Test("a bulk request queues every message and counts the outcomes")
    func bulk() async throws {
        try await APIWorld.run(source: StubDataSource(optedOut: ["+15550109003"])) { world in
            let answer = try await world.post(
                "/api/messages/bulk",
                #"[{"to": "+15550109001", "text": "Hi"}, {"to": "+15550109002", "template": {"name": "t", "language": "en"}}, {"to": "+15550109003", "text": "Hi"}]"#
            )
            #expect(answer.status == .accepted, "\(answer.text)")
            #expect(answer.json?["queued"] == 2)
            #expect(answer.json?["optedOut"] == 1)
            #expect(
                answer.json?["results"] == [
                    ["id": 100, "outcome": "queued", "to": "+15550109001"], ["id": 101, "outcome": "queued", "to": "+15550109002"],
                    ["outcome": "opted-out", "to": "+15550109003"],
                ])
            try await world.expectConforms(answer, to: "post", "/api/messages/bulk")
            #expect(world.source.calls.sends.last?.map(\.to) == ["+15550109001", "+15550109002", "+15550109003"])
            #expect(world.wakes.value == 1)
        }
    }

    @Test("a bulk request's Idempotency-Key becomes KEY:index for messages without their own key")
    func bulkIdempotency() async throws {
        try await APIWorld.run { world in
            let body = #"[{"to": "+15550109001", "text": "Hi"}, {"to": "+15550109002", "text": "Hi", "idempotencyKey": "own"}]"#
            let headers: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "batch-7"]
            let answer2 = try await world.post("/api/messages/bulk", body, headers: headers)
            #expect(answer2.status == .accepted)
            #expect(world.source.calls.sends.last?.map(\.idempotencyKey) == ["batch-7:0", "own"])
            let again = try await world.post("/api/messages/bulk", body, headers: headers)
            #expect(again.status == .ok)
            #expect(again.json?["duplicates"] == 2)
            #expect(world.wakes.value == 1)
        }
    }

    @Test(
        "a malformed bulk request is refused whole, naming the message's field",
        arguments: [
            (#"{"to": "+15550109001", "text": "Hi"}"#, nil),
            ("[]", nil),
            (#"[{"to": "+15550109001", "text": "Hi"}, {"to": "+15550109002"}]"#, "[1].text"),
            (#"[{"to": "+15550109001", "text": "Hi"}, 3]"#, "[1]"),
        ] as [(String, String?)])
    func invalidBulk(_ body: String, _ field: String?) async throws {
        try await APIWorld.run { world in
            let answer = try await world.post("/api/messages/bulk", body)
            #expect(answer.status == .badRequest, "\(answer.text)")
            if let field { #expect(answer.errorField == field) } else { #expect(answer.errorCode == "request.invalid-body") }
            #expect(world.source.calls.sends.isEmpty)
        }
    }

    @Test("a bulk request of more than 1000 messages is refused")
    func bulkLimit() async throws {
        try await APIWorld.run { world in
            let one = #"{"to": "+15550109001", "text": "Hi"}"#
            let answer = try await world.post(
                "/api/messages/bulk", "[" + Array(repeating: one, count: EngineAPI.maximumBulkSize + 1).joined(separator: ",") + "]")
            #expect(answer.status == .badRequest)
            #expect(answer.text.contains("at most 1000"))
        }
    }
}
