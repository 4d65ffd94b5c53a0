import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle

/// The gateway's HTTP server: routes plus the listen address from the configuration.
public enum GatewayServer {
    /// Creates the Hummingbird application for a resolved configuration.
    ///
    /// - Parameters:
    ///   - configuration: the resolved gateway configuration (listen address, log level).
    ///   - health: the dependency checks `/healthz` reports on.
    ///   - pipeline: the upload pipeline whose routes are served and whose scan worker runs; its
    ///     ``GatewayMetrics`` are served at `/metrics` and kept fresh by a ``DependencyGaugeRefresher``.
    ///   - services: services run alongside the server and stopped with it (workers, clients).
    ///   - logger: the server's logger.
    ///   - onServerRunning: called with the bound port once the server listens.
    public static func makeApplication(
        configuration: GatewayConfiguration,
        health: HealthMonitor,
        pipeline: GatewayPipeline? = nil,
        services: [any Service] = [],
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let metrics = pipeline?.metrics ?? GatewayMetrics()
        let router = GatewayRouter.make(
            health: health, pipeline: pipeline, widget: WidgetSettings(configuration: configuration),
            guest: GuestUISettings(configuration: configuration), logLevel: configuration.logLevel, metrics: metrics)
        let refresher = DependencyGaugeRefresher(health: health, metrics: metrics)
        return Application(
            router: router,
            server: .http1(configuration: http1Configuration(configuration)),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "attache/\(AttacheVersion.current)"
            ),
            services: services + [refresher]
                + (pipeline.map { [$0.worker, $0.retention] + ($0.recovery.map { [$0] } ?? []) } ?? [])
                + (pipeline?.auditSealer.map { [$0] } ?? []),
            onServerRunning: { channel in
                await onServerRunning(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger
        )
    }

    /// The HTTP/1.1 server settings of the gateway: the client-address handler (peer, or the
    /// address a trusted proxy forwarded, for the rate limits), interim `100 Continue` answers,
    /// and the idle timeout.
    public static func http1Configuration(_ configuration: GatewayConfiguration) -> HTTP1Channel.Configuration {
        let trustedProxies = configuration.trustedProxies
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [ClientAddressHandler(trustedProxies: trustedProxies), ExpectContinueHandler()],
            idleTimeout: .seconds(Int64(configuration.httpIdleTimeoutSeconds)))
    }

    /// Runs an application until SIGTERM or SIGINT (Hummingbird's defaults), then shuts it down gracefully.
    public static func run(_ application: some ApplicationProtocol) async throws {
        try await application.runService()
    }
}
