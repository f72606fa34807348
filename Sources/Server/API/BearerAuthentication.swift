import Foundation
import HTTPTypes
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>`; 401 with a JSON
/// error and `WWW-Authenticate: Bearer` otherwise.
///
/// Without a token every request goes through: the daemon then listens on loopback only
/// (see `engine run --help`).
struct BearerAuthentication<Context: RequestContext>: RouterMiddleware {
    /// nil lets every request through.
    let token: APIToken?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            return Self.refusal(
                "auth.missing-token", "this endpoint needs 'Authorization: Bearer <token>' (the token is ENGINE_API_TOKEN or Settings' apiToken)",
                challenge: #"Bearer realm="engine""#)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return Self.refusal(
                "auth.invalid-scheme", "the Authorization header must be 'Bearer <token>'",
                challenge: #"Bearer realm="engine", error="invalid_request""#)
        }
        guard token.matches(parts[1].trimmingCharacters(in: .whitespaces)) else {
            return Self.refusal(
                "auth.invalid-token", "the bearer token is not this engine's API token", challenge: #"Bearer realm="engine", error="invalid_token""#)
        }
        return try await next(request, context)
    }

    private static func refusal(_ code: String, _ message: String, challenge: String) -> Response {
        var response = EngineAPI.json(APIError.Body(error: APIError(status: 401, code: code, message: message)), status: .unauthorized)
        response.headers[.wwwAuthenticate] = challenge
        return response
    }
}
