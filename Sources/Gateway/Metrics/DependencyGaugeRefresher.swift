import ServiceLifecycle

/// Runs the health checks every ``interval`` and records them in the `attache_dependency_up`
/// gauges, so `/metrics` shows clamd (and every other dependency) going down even when no
/// probe calls `/readyz`. A swift-service-lifecycle `Service`: it stops on graceful shutdown or
/// cancellation.
public struct DependencyGaugeRefresher: Service {
    /// The checks to run.
    public let health: HealthMonitor
    /// Where the gauges are.
    public let metrics: GatewayMetrics
    /// How long to wait between two reports.
    public let interval: Duration

    /// Creates the refresher.
    /// - Parameters:
    ///   - health: The dependency checks (each bounded by the monitor's timeout).
    ///   - metrics: The metrics whose gauges are set.
    ///   - interval: The time between two reports (at least one second; default 15 s, a usual
    ///     scrape interval).
    public init(health: HealthMonitor, metrics: GatewayMetrics, interval: Duration = .seconds(15)) {
        self.health = health
        self.metrics = metrics
        self.interval = max(interval, .seconds(1))
    }

    /// Reports at once, then every ``interval`` until cancelled or shut down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                metrics.record(await health.report())
                try? await Task.sleep(for: interval)
            }
        }
    }
}
