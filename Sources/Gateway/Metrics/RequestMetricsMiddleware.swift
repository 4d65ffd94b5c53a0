import HTTPTypes
import Hummingbird

/// Counts every request and records its latency in ``GatewayMetrics``, labelled with the
/// matched route pattern (never the concrete path, which holds file ids), the method and the
/// status.
///
/// Like Hummingbird's `MetricsMiddleware`, but writing into the gateway's own registry rather
/// than the global `MetricsSystem`. The latency runs until the response body was written, so a
/// Server-Sent Events stream counts when it ends. Unmatched paths count as route `unmatched`.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where requests are counted.
    let metrics: GatewayMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let method = request.method.rawValue
        do {
            var response = try await next(request, context)
            let route = Self.route(context)
            let status = response.status.code
            let metrics = self.metrics
            let body = response.body
            // Recorded once the body was written (Hummingbird's own `withPostWriteClosure` is not public).
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                defer {
                    metrics.recordRequest(route: route, method: method, status: status, duration: clock.now - start)
                }
                try await body.write(writer)
            }
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? HTTPResponse.Status.internalServerError.code
            metrics.recordRequest(
                route: Self.route(context), method: method, status: status, duration: clock.now - start)
            throw error
        }
    }

    /// The matched route pattern, or `unmatched` (Hummingbird's not-found responder names itself
    /// `NotFound`; route patterns start with `/`).
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path.hasPrefix("/") else { return "unmatched" }
        return path
    }
}
