import Foundation
import HTTPTypes
import Hummingbird

/// The engine's JSON API under `/api`: read the resources the files declare with the
/// status the engine keeps, and queue messages through the outbox.
///
/// Every route is one ``APIRoute`` of ``routes``: the router and the OpenAPI document
/// (`GET /api/openapi.json`) are both built from that table, so they cannot disagree.
/// Every route needs `Authorization: Bearer <token>` when a token is set.
///
/// Answers are JSON with sorted keys and ISO 8601 dates; errors are
/// `{"error": {"code", "message", "field"}}` (see ``APIError``).
public struct EngineAPI: Sendable {
    /// What the API reads and writes.
    public let source: any EngineAPIDataSource
    /// The token `/api/*` requires; nil lets every request through (loopback only).
    public let token: APIToken?
    /// Called after a send request queued at least one new message, so the dispatcher
    /// looks at the outbox now rather than at its next tick.
    public let wakeDispatcher: @Sendable () async -> Void

    /// The largest request body: a bulk send of ``maximumBulkSize`` messages fits.
    public static let maximumBodySize = 4 << 20
    /// The most messages one bulk request may hold.
    public static let maximumBulkSize = 1_000

    /// Creates the API over `source`.
    public init(source: any EngineAPIDataSource, token: APIToken?, wakeDispatcher: @escaping @Sendable () async -> Void = {}) {
        self.source = source
        self.token = token
        self.wakeDispatcher = wakeDispatcher
    }

    /// Adds every route of ``routes`` to `router`, behind bearer authentication.
    /// - Returns: what was registered, `GET /api/senders` and so on, in table order.
    @discardableResult
    public func register(on router: Router<BasicRequestContext>) -> [String] {
        let group = router.group().add(middleware: BearerAuthentication<BasicRequestContext>(token: token))
        var registered: [String] = []
        for route in Self.routes {
            group.on(RouterPath(route.path), method: route.method) { request, context in
                await self.answer(request, context, with: route)
            }
            registered.append("\(route.method.rawValue) \(route.path)")
        }
        return registered
    }

    /// Runs a route's handler, turning what it throws into a JSON error.
    private func answer(_ request: Request, _ context: BasicRequestContext, with route: APIRoute) async -> Response {
        do {
            return try await route.handler(self, request, context)
        } catch let error as APIError {
            return Self.json(APIError.Body(error: error), status: .init(code: error.status))
        } catch {
            context.logger.error("\(route.method.rawValue) \(route.path): \(error)")
            return Self.json(APIError.Body(error: .internalFailure), status: .internalServerError)
        }
    }

    /// `value` as a JSON response.
    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let body: Data
        do {
            body = try encoder.encode(value)
        } catch {
            // Our own Codable types always encode; this is a broken invariant.
            preconditionFailure("a response did not encode: \(error)")
        }
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The encoder of every answer: sorted keys (stable output), ISO 8601 dates.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
