import HTTPTypes
import Hummingbird
import Logging

extension Dashboard {
    /// Mounts the page: `GET path` answers 200 `text/html` with the page for the model read
    /// at that request.
    ///
    /// When `model` throws, or the page cannot be rendered, the answer is 500 with a plain
    /// text message and the error is logged with the request's logger.
    /// - Parameters:
    ///   - router: the daemon's router or a group of it.
    ///   - path: where the page lives; `/` by default.
    ///   - model: reads the state to show; called once per request.
    public static func addRoutes<Context: RequestContext>(
        to router: some RouterMethods<Context>, at path: RouterPath = "/",
        model: @escaping @Sendable () async throws -> DashboardModel
    ) {
        router.get(path) { _, context -> Response in
            let current: DashboardModel
            do {
                current = try await model()
            } catch {
                context.logger.error("dashboard: reading the state failed", metadata: ["error": "\(error)"])
                return plain(.internalServerError, "The dashboard could not read the engine's state: \(error)")
            }
            return response(for: current, logger: context.logger)
        }
    }

    /// The page for `model` as a response: 200 `text/html`, never cached, or 500 with a plain
    /// text message when it cannot be rendered.
    public static func response(for model: DashboardModel) -> Response {
        response(for: model, logger: nil)
    }

    private static func response(for model: DashboardModel, logger: Logger?) -> Response {
        do {
            let html = try render(model)
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        } catch {
            logger?.error("dashboard: rendering failed", metadata: ["error": "\(error)"])
            return plain(.internalServerError, "The dashboard page could not be rendered: \(error)")
        }
    }

    private static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
