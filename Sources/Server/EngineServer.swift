import Foundation
import HTTPTypes
import Hummingbird
import Transports

/// The engine's HTTP server: health checks, webhooks, the JSON API and metrics.
///
/// Routes:
/// - `GET /healthz`: 200 while the process serves.
/// - `GET /readyz`: 200 once the daemon has applied its configuration, 503 before.
/// - `GET`/`POST /webhooks/cloud-api`, `POST /webhooks/gateway/{sender}`,
///   `POST /simulator/inbound`: see ``WebhookEndpoints``. They rely on their own
///   signatures, never on the API's bearer token.
/// - `/api/*`: see ``EngineAPI``, behind its bearer token.
/// - `GET /metrics`: Prometheus text, see ``EngineMetrics``.
///
/// Webhook bodies above ``maximumBodySize`` are refused with 413 before anything is parsed.
public enum EngineServer {
    /// The largest webhook body accepted: Meta batches at most a few hundred kilobytes.
    public static let maximumBodySize = 1 << 20

    /// The routes, for an `Application` or a test client.
    public static func router(
        endpoints: WebhookEndpoints, isReady: @escaping @Sendable () -> Bool, api: EngineAPI? = nil, metrics: EngineMetrics? = nil
    ) -> Router<BasicRequestContext> {
        router(currentEndpoints: { endpoints }, isReady: isReady, api: api, metrics: metrics)
    }

    /// The routes, taking the endpoints in force at each request: a daemon that reloads
    /// its configuration swaps its senders without restarting the server.
    ///
    /// - Parameters:
    ///   - api: the JSON API; nil leaves `/api` out.
    ///   - metrics: the metrics `/metrics` shows (with `api`'s store gauges read at each
    ///     scrape) and webhook latencies go to; nil leaves `/metrics` out.
    public static func router(
        currentEndpoints: @escaping @Sendable () -> WebhookEndpoints, isReady: @escaping @Sendable () -> Bool, api: EngineAPI? = nil,
        metrics: EngineMetrics? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in plain(200, "ok") }
        router.get("/readyz") { _, _ in isReady() ? plain(200, "ready") : plain(503, "starting: the configuration is not applied yet") }
        if let metrics {
            router.get("/metrics") { _, context in
                if let api {
                    do {
                        metrics.update(with: try await api.source.metricsSnapshot())
                    } catch {
                        // Counters and histograms are still worth a scrape; the gauges keep their last values.
                        context.logger.error("/metrics: cannot read the store's figures: \(error)")
                    }
                }
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.exposition())))
            }
        }
        api?.register(on: router)
        let webhooks = router.group().add(middleware: WebhookTiming<BasicRequestContext>(metrics: metrics))
        webhooks.get("/webhooks/cloud-api") { request, context in
            await respond(to: request, context: context) { await currentEndpoints().cloudAPI($0) }
        }
        webhooks.post("/webhooks/cloud-api") { request, context in
            await respond(to: request, context: context) { await currentEndpoints().cloudAPI($0) }
        }
        webhooks.post("/webhooks/gateway/{sender}") { request, context in
            let sender = context.parameters.get("sender") ?? ""
            return await respond(to: request, context: context) { await currentEndpoints().gateway(sender: sender, $0) }
        }
        webhooks.post("/simulator/inbound") { request, context in
            await respond(to: request, context: context) { await currentEndpoints().simulatorInbound($0.body) }
        }
        return router
    }

    /// Reads the request whole (up to the cap), hands it over as a ``WebhookRequest`` and
    /// turns the answer into a response.
    private static func respond(
        to request: Request, context: BasicRequestContext, _ handle: (WebhookRequest) async -> Transports.HTTPResponse
    ) async -> Response {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBodySize)
        } catch {
            return plain(413, "the body is larger than \(maximumBodySize) bytes")
        }
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        let webhook = WebhookRequest(
            method: request.method.rawValue, path: request.uri.path, query: query,
            headers: request.headers.map { ($0.name.rawName, $0.value) }, body: Data(buffer.readableBytesView))
        return response(await handle(webhook))
    }

    private static func response(_ answer: Transports.HTTPResponse) -> Response {
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    private static func plain(_ status: Int, _ text: String) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
