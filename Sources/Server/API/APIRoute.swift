import HTTPTypes
import Hummingbird

/// One route of the API: its method and path, its OpenAPI operation, and its handler.
public struct APIRoute: Sendable {
    /// The HTTP method.
    public let method: HTTPRequest.Method
    /// The path, with `{parameter}` segments as both Hummingbird and OpenAPI write them.
    public let path: String
    /// The OpenAPI operation object (summary, parameters, request body, responses).
    public let operation: JSONValue
    /// Answers a request; throws ``APIError`` for the client to see.
    let handler: @Sendable (EngineAPI, Request, BasicRequestContext) async throws -> Response
}
