import HTTPTypes
import Hummingbird

/// Guards the dashboard page with the API token, when one is configured: a browser
/// cannot send a bearer header, so the page also takes `?token=TOKEN` (its self-refresh
/// keeps the address). Without a token the server listens on loopback only, and the
/// page is open to this machine like the API.
public struct DashboardAccess<Context: RequestContext>: RouterMiddleware {
    let token: APIToken?

    public init(token: APIToken?) {
        self.token = token
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        let presented =
            request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            ?? request.uri.queryParameters.get("token")
        guard let presented, token.matches(presented) else {
            return Response(
                status: .unauthorized, headers: [.contentType: "text/plain; charset=utf-8", .wwwAuthenticate: "Bearer"],
                body: ResponseBody(
                    byteBuffer: ByteBuffer(
                        string: "The dashboard needs the API token: open /?token=TOKEN (ENGINE_API_TOKEN or Settings' apiToken).\n")))
        }
        return try await next(request, context)
    }
}
