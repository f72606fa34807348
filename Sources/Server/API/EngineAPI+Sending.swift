import Foundation
import HTTPTypes
import Hummingbird

extension EngineAPI {
    /// WhatsApp's limit on a text message, in characters.
    public static let maximumTextLength = 4_096
    /// The longest idempotency key accepted.
    public static let maximumIdempotencyKeyLength = 200

    /// `POST /api/messages`: 202 queued, 200 queued before under the same key, 422 the
    /// contact opted out.
    func sendOne(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let header = try Self.idempotencyHeader(request)
        let body = try await Self.body(of: request, context)
        var message = try Self.sendRequest(body, prefix: "")
        if let header {
            if let key = message.idempotencyKey, key != header {
                throw APIError.invalidField("idempotencyKey", "differs from the Idempotency-Key header; send one of them")
            }
            message.idempotencyKey = header
        }
        let results = try await source.send([message])
        guard let result = results.first else { throw APIError.internalFailure }
        switch result.outcome {
        case .queued:
            await wakeDispatcher()
            return Self.json(result, status: .accepted)
        case .duplicate:
            return Self.json(result)
        case .optedOut:
            throw APIError(
                status: 422, code: "contact.opted-out", message: "\(result.to) opted out of messages (said STOP); nothing was queued", field: "to")
        }
    }

    /// `POST /api/messages/bulk`: every message checked, then all queued in one go.
    func sendBulk(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try QueryParameters(request, allowed: [])
        let header = try Self.idempotencyHeader(request)
        guard case .array(let items) = try await Self.body(of: request, context) else {
            throw APIError.invalidBody(#"the body must be a JSON array of messages: [{"to": "+15550109001", "text": "Hi"}, ...]"#)
        }
        guard !items.isEmpty else { throw APIError.invalidBody("the array holds no message") }
        guard items.count <= Self.maximumBulkSize else {
            throw APIError.invalidBody("the array holds \(items.count) messages; send at most \(Self.maximumBulkSize) per request")
        }
        var messages: [SendRequest] = []
        for (index, item) in items.enumerated() {
            var message = try Self.sendRequest(item, prefix: "[\(index)]")
            if message.idempotencyKey == nil, let header { message.idempotencyKey = "\(header):\(index)" }
            messages.append(message)
        }
        let summary = BulkSendResult(results: try await source.send(messages))
        guard summary.queued > 0 else { return Self.json(summary) }
        await wakeDispatcher()
        return Self.json(summary, status: .accepted)
    }

    /// The request's JSON body, read whole up to ``maximumBodySize``.
    static func body(of request: Request, _ context: BasicRequestContext) async throws(APIError) -> JSONValue {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodySize)
        } catch {
            throw APIError(status: 413, code: "request.too-large", message: "the body is larger than \(maximumBodySize) bytes")
        }
        guard let body = JSONValue(parsing: Data(buffer.readableBytesView)) else {
            throw APIError.invalidBody("the body is not JSON; send Content-Type: application/json with a JSON document")
        }
        return body
    }

    /// The `Idempotency-Key` header, checked.
    static func idempotencyHeader(_ request: Request) throws(APIError) -> String? {
        guard let name = HTTPField.Name("Idempotency-Key"), let value = request.headers[name] else { return nil }
        try checkIdempotencyKey(value, field: "Idempotency-Key")
        return value
    }

    static func checkIdempotencyKey(_ key: String, field: String) throws(APIError) {
        guard !key.isEmpty, key.count <= maximumIdempotencyKeyLength else {
            throw APIError.invalidField(field, "must be 1 to \(maximumIdempotencyKeyLength) characters")
        }
    }

    /// The fields a message may have.
    static let messageFields = ["to", "sender", "text", "template", "idempotencyKey"]
    /// The fields a template may have.
    static let templateFields = ["name", "language", "parameters", "header", "buttons"]

    /// One message of a request body, every field checked; `prefix` places it in the body
    /// for errors (`[3]`).
    static func sendRequest(_ value: JSONValue, prefix: String) throws(APIError) -> SendRequest {
        func path(_ field: String) -> String { prefix.isEmpty ? field : "\(prefix).\(field)" }
        guard case .object = value else {
            throw APIError.invalidField(prefix, #"must be a JSON object such as {"to": "+15550109001", "text": "Hi"}"#)
        }
        try checkFields(value, allowed: messageFields, at: prefix)
        guard let to = try text(value["to"], path("to")) else {
            throw APIError.invalidField(path("to"), "is required: the contact's number in E.164, such as +15550109001")
        }
        let sender = try text(value["sender"], path("sender"))
        let idempotencyKey = try text(value["idempotencyKey"], path("idempotencyKey"))
        if let idempotencyKey { try checkIdempotencyKey(idempotencyKey, field: path("idempotencyKey")) }
        let content: SendRequest.Content
        switch (try text(value["text"], path("text")), value["template"]) {
        case (let text?, nil):
            guard text.count <= maximumTextLength else {
                throw APIError.invalidField(path("text"), "has \(text.count) characters; WhatsApp takes at most \(maximumTextLength)")
            }
            content = .text(text)
        case (nil, let template?):
            content = try templateContent(template, at: path("template"))
        case (nil, nil):
            throw APIError.invalidField(path("text"), "give 'text' (free text) or 'template' (an approved WhatsApp template)")
        case (.some, .some):
            throw APIError.invalidField(path("template"), "give either 'text' or 'template', not both")
        }
        return SendRequest(sender: sender, to: to, content: content, idempotencyKey: idempotencyKey, fieldPrefix: prefix)
    }

    private static func templateContent(_ value: JSONValue, at field: String) throws(APIError) -> SendRequest.Content {
        guard case .object = value else {
            throw APIError.invalidField(field, #"must be an object such as {"name": "order_update", "language": "en_US", "parameters": ["42"]}"#)
        }
        try checkFields(value, allowed: templateFields, at: field)
        guard let name = try text(value["name"], "\(field).name") else { throw APIError.invalidField("\(field).name", "is required") }
        guard let language = try text(value["language"], "\(field).language") else {
            throw APIError.invalidField("\(field).language", "is required, such as en_US")
        }
        return .template(
            name: name, language: language, parameters: try texts(value["parameters"], "\(field).parameters"),
            header: try texts(value["header"], "\(field).header"), buttons: try texts(value["buttons"], "\(field).buttons"))
    }

    /// Refuses members not in `allowed`, naming the first.
    private static func checkFields(_ value: JSONValue, allowed: [String], at prefix: String) throws(APIError) {
        for key in value.keys.sorted() where !allowed.contains(key) {
            let field = prefix.isEmpty ? key : "\(prefix).\(key)"
            throw APIError.invalidField(field, "unknown field; accepted: \(allowed.joined(separator: ", "))")
        }
    }

    /// A non-empty string, or nil when absent (or null).
    private static func text(_ value: JSONValue?, _ field: String) throws(APIError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw APIError.invalidField(field, "must not be empty") }
            return text
        default: throw APIError.invalidField(field, "must be a string")
        }
    }

    /// An array of strings, empty when absent.
    private static func texts(_ value: JSONValue?, _ field: String) throws(APIError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .array(let items)?:
            var texts: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else { throw APIError.invalidField("\(field)[\(index)]", "must be a string") }
                texts.append(text)
            }
            return texts
        default: throw APIError.invalidField(field, "must be an array of strings")
        }
    }
}
