import Hummingbird
import Logging

extension HealthReport: ResponseEncodable {}

/// Builds the gateway's HTTP routes.
public enum GatewayRouter {
    /// The router with every route the gateway serves.
    ///
    /// - `GET /healthz` and `GET /readyz`: each dependency's status and latency; `200` unless a
    ///   critical one failed, then `503`. `GET /livez`: `200` while the process serves.
    /// - `GET /metrics`: Prometheus metrics (``GatewayMetrics``: `metrics`, else the pipeline's,
    ///   else a fresh registry); every request is counted by route pattern, method and status.
    /// - `GET /openapi.yaml`: the OpenAPI document of every route here (``OpenAPIRoute``).
    /// - With a pipeline: `POST /v1/guests`, the `/v1/uploads` routes, and (embedded store) the
    ///   `/v1/objects` routes that serve its signed URLs.
    /// - With a pipeline: the agent preview widget (``WidgetRoutes``), configured by `widget`.
    /// - The guest web UI (``GuestUIRoutes``): `/`, `/guest.css`, `/js/{file}` and
    ///   `GET /v1/guest/config`, configured by `guest` (unconfigured, the config answers 503).
    /// - A known path asked with a method it does not serve: `405` with `Allow`
    ///   (``MethodNotAllowedMiddleware``); an unknown path: `404`.
    public static func make(
        health: HealthMonitor,
        pipeline: GatewayPipeline? = nil,
        widget: WidgetSettings? = nil,
        guest: GuestUISettings? = nil,
        logLevel: Logger.Level = .info,
        metrics: GatewayMetrics? = nil
    ) -> Router<BasicRequestContext> {
        // HEAD is answered wherever GET is (the GET route's headers, no body).
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        let metrics = metrics ?? pipeline?.metrics ?? GatewayMetrics()
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        router.middlewares.add(RequestLogMiddleware(level: logLevel == .trace ? .debug : .info))
        ObservabilityRoutes.add(to: router, health: health, metrics: metrics)
        OpenAPIRoute.add(to: router)
        GuestUIRoutes.add(to: router, settings: guest ?? GuestUISettings())
        if let pipeline {
            UploadRoutes.add(
                to: router, service: pipeline.uploads, guests: pipeline.guests,
                options: UploadRoutes.Options(eventStreamLifetime: pipeline.eventStreamLifetime))
            DataActionRoutes.add(to: router, access: pipeline.access, authenticator: pipeline.dataActionAuthenticator)
            let service = WidgetService(
                access: pipeline.access, genesys: pipeline.access.genesys, objects: pipeline.objects,
                audit: pipeline.state)
            WidgetRoutes.add(to: router, service: service, settings: widget ?? WidgetSettings())
            if let local = pipeline.localStore {
                LocalObjectRoutes.add(to: router, store: local)
            }
        }
        // Last: runs only for requests no route matched (a known path with another method → 405).
        router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
        return router
    }
}
