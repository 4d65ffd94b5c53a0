import Hummingbird
import NIOCore
import Prometheus

/// The operations routes: health, readiness, liveness and metrics.
///
/// - `GET /healthz`: every dependency's status and latency; `200` unless a critical one failed,
///   then `503` (kept as it was for existing clients; it is the same answer as `/readyz`).
/// - `GET /readyz`: the readiness probe: the same report, `503` while a critical dependency
///   (database, object store, queue) fails, so a load balancer stops sending traffic.
/// - `GET /livez`: the liveness probe: `200` while the process serves, whatever its
///   dependencies do (restarting a replica does not bring S3 back).
/// - `GET /metrics`: the Prometheus text exposition of ``GatewayMetrics``.
///
/// `/healthz` and `/readyz` refresh the `attache_dependency_up` gauges.
enum ObservabilityRoutes {
    /// The content type of the Prometheus text format.
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Adds the routes.
    static func add(to router: Router<BasicRequestContext>, health: HealthMonitor, metrics: GatewayMetrics) {
        let report: @Sendable () async -> EditedResponse<HealthReport> = {
            let report = await health.report()
            metrics.record(report)
            return EditedResponse(
                status: report.isHealthy ? .ok : .serviceUnavailable,
                headers: [.cacheControl: "no-store"],
                response: report
            )
        }
        router.get("healthz") { _, _ in await report() }
        router.get("readyz") { _, _ in await report() }
        router.get("livez") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/json", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("metrics") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: metricsContentType, .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }
}
