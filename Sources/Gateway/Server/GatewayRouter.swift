import Hummingbird
import Logging

extension HealthReport: ResponseEncodable {}

/// Builds the gateway's HTTP routes.
public enum GatewayRouter {
    /// The router with every route the gateway serves.
    ///
    /// - `GET /healthz`: each dependency's status and latency; `200` unless one failed, then `503`.
    /// - `GET /openapi.yaml`: the OpenAPI document of every route here (``OpenAPIRoute``).
    /// - With a pipeline: `POST /v1/guests`, the `/v1/uploads` routes, and (embedded store) the
    ///   `/v1/objects` routes that serve its signed URLs.
    /// - With a pipeline: the agent preview widget (``WidgetRoutes``), configured by `widget`.
    public static func make(
        health: HealthMonitor,
        pipeline: GatewayPipeline? = nil,
        widget: WidgetSettings? = nil,
        logLevel: Logger.Level = .info
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(LogRequestsMiddleware(logLevel == .trace ? .debug : .info))
        router.get("healthz") { _, _ -> EditedResponse<HealthReport> in
            let report = await health.report()
            return EditedResponse(
                status: report.isHealthy ? .ok : .serviceUnavailable,
                headers: [.cacheControl: "no-store"],
                response: report
            )
        }
        OpenAPIRoute.add(to: router)
        if let pipeline {
            UploadRoutes.add(to: router, service: pipeline.uploads, guests: pipeline.guests)
            DataActionRoutes.add(to: router, access: pipeline.access, authenticator: pipeline.dataActionAuthenticator)
            let service = WidgetService(
                access: pipeline.access, genesys: pipeline.access.genesys, objects: pipeline.objects,
                audit: pipeline.state)
            WidgetRoutes.add(to: router, service: service, settings: widget ?? WidgetSettings())
            if let local = pipeline.localStore {
                LocalObjectRoutes.add(to: router, store: local)
            }
        }
        return router
    }
}
