import Hummingbird

/// Records each webhook request's duration in ``EngineMetrics``, by route and status.
struct WebhookTiming<Context: RequestContext>: RouterMiddleware {
    /// nil records nothing.
    let metrics: EngineMetrics?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let metrics else { return try await next(request, context) }
        let clock = ContinuousClock()
        let start = clock.now
        let route = context.endpointPath ?? request.uri.path
        do {
            let response = try await next(request, context)
            metrics.recordWebhook(route: route, status: response.status.code, duration: clock.now - start)
            return response
        } catch {
            metrics.recordWebhook(route: route, status: (error as? any HTTPResponseError)?.status.code ?? 500, duration: clock.now - start)
            throw error
        }
    }
}
