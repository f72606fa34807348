import Foundation

/// An answer other than success, as the client reads it:
/// `{"error": {"code": "request.invalid-field", "message": "...", "field": "to"}}`.
///
/// The code is stable and clients may match on it; the message says what to do.
public struct APIError: Error, Sendable, Hashable, Codable {
    /// The HTTP status.
    public var status: Int
    /// A stable, dotted code (`request.invalid-field`, `resource.not-found`).
    public var code: String
    /// What went wrong and what to do.
    public var message: String
    /// The request field at fault (`to`, `[2].template.name`, the query parameter `limit`).
    public var field: String?

    public init(status: Int, code: String, message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    /// 400: a field of the body or a query parameter is missing or wrong.
    public static func invalidField(_ field: String, _ message: String) -> APIError {
        APIError(status: 400, code: "request.invalid-field", message: "\(field.isEmpty ? "the body" : field): \(message)", field: field)
    }

    /// 400: the body is not the JSON asked for.
    public static func invalidBody(_ message: String) -> APIError {
        APIError(status: 400, code: "request.invalid-body", message: message)
    }

    /// 404: the configuration declares no such resource.
    public static func notFound(_ kind: String, _ name: String) -> APIError {
        APIError(status: 404, code: "resource.not-found", message: "no \(kind) '\(name)' in the applied configuration")
    }

    /// 500: the engine failed; the cause is logged, not shown.
    static let internalFailure = APIError(
        status: 500, code: "engine.internal", message: "the engine could not answer; its log says why")

    /// The body of the answer.
    struct Body: Codable {
        var error: APIError
    }

    private enum CodingKeys: String, CodingKey { case code, message, field }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = 0
        code = try container.decode(String.self, forKey: .code)
        message = try container.decode(String.self, forKey: .message)
        field = try container.decodeIfPresent(String.self, forKey: .field)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(message, forKey: .message)
        try container.encodeIfPresent(field, forKey: .field)
    }
}
