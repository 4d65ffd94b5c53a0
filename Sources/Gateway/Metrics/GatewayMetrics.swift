import CoreMetrics
import Foundation
import Prometheus

/// The gateway's Prometheus metrics, served at `GET /metrics` (``ObservabilityRoutes``).
///
/// One instance per gateway process, owned by the ``GatewayPipeline`` (or made by the router
/// when it serves no pipeline): it holds its own `PrometheusCollectorRegistry`, so nothing
/// depends on a global `MetricsSystem` bootstrap and tests each get a fresh registry. A process
/// that also wants swift-metrics instrumentation from libraries in the same exposition can
/// bootstrap `MetricsSystem` once with ``factory``.
///
/// Every label has a bounded set of values (route patterns, methods, status codes, states,
/// results, decisions, reasons, dependency names); file ids, filenames, conversation ids, user
/// ids and tokens never become labels.
public final class GatewayMetrics: Sendable {
    /// Where every series lives; `emitToString()` renders the exposition text.
    public let registry: PrometheusCollectorRegistry

    /// Latency buckets for HTTP requests: 1 ms … 30 s.
    static let requestBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        .seconds(10), .seconds(30),
    ]
    /// Buckets for scans and queue waits: 5 ms … 10 min (a 64 MiB file through clamd takes seconds).
    static let scanBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
        .seconds(300), .seconds(600),
    ]

    /// Creates the metrics on a registry (a new one unless given).
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// A swift-metrics factory writing into ``registry``, for `MetricsSystem.bootstrap(_:)`.
    public var factory: any MetricsFactory { PrometheusMetricsFactory(registry: registry) }

    /// The Prometheus text exposition (format 0.0.4) of every series.
    public func exposition() -> String { registry.emitToString() }

    // MARK: HTTP

    /// Counts one HTTP request and records its latency.
    /// - Parameters:
    ///   - route: the matched route pattern (`/v1/uploads/{fileId}`), or `unmatched`.
    ///   - method: the request method (unusual ones become `OTHER`).
    ///   - status: the response status code.
    ///   - duration: from the request's arrival until its body was written.
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", Self.boundedMethod(method)), ("status", String(status))]
        registry.makeCounter(
            descriptor: Self.name(
                "http", "requests", "total", help: "HTTP requests answered, by route pattern, method and status."),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name(
                "http", "request_duration", "seconds",
                help: "HTTP request latency until the response body was written, by route pattern, method and status."),
            labels: labels, buckets: Self.requestBuckets
        ).record(duration)
    }

    /// `attache_<subsystem>_<name>_<unit>` with its help text.
    private static func name(
        _ subsystem: String?, _ name: String, _ unit: String?, help: String
    )
        -> MetricNameDescriptor
    {
        MetricNameDescriptor(
            namespace: "attache", subsystem: subsystem, metricName: name, unitName: unit ?? "", helpText: help)
    }

    static func boundedMethod(_ method: String) -> String {
        ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"].contains(method) ? method : "OTHER"
    }

    // MARK: Uploads

    /// Counts an upload entering `state` (a ticket entering `awaiting_upload`, or a transition).
    public func recordUpload(enteredState state: UploadState) {
        registry.makeCounter(
            descriptor: Self.name(
                "upload", "transitions", "total",
                help: "Uploads that entered a state (tickets enter awaiting_upload), by state."),
            labels: [("state", state.rawValue)]
        ).increment()
    }

    // MARK: Scans

    /// How one scan attempt ended.
    public enum ScanResult: String, Sendable, CaseIterable {
        /// The object was found clean and promoted.
        case clean
        /// The scanner or the type check refused it.
        case rejected
        /// The scanner could not scan it (unreachable, timed out); it will be retried.
        case error
    }

    /// Counts a scan attempt and records how long reading and scanning the object took.
    public func recordScan(result: ScanResult, duration: Duration) {
        let labels = [("result", result.rawValue)]
        registry.makeCounter(
            descriptor: Self.name(
                nil, "scans", "total",
                help: "Scan attempts, by result (clean, rejected, error: scanner unavailable, retried later)."),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: Self.name(
                "scan", "duration", "seconds",
                help: "Time to stream an object from quarantine through the scanner, by result."),
            labels: labels, buckets: Self.scanBuckets
        ).record(duration)
    }

    /// Records how long an upload waited between its last state change (completion) and a
    /// worker claiming it for a scan: queue lag plus any retry backoff.
    public func recordScanWait(_ wait: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.name(
                "scan", "wait", "seconds",
                help: "Time from an upload's completion (its last state change) until a worker claimed it for a scan."),
            buckets: Self.scanBuckets
        ).record(max(wait, .zero))
    }

    // MARK: Links

    /// Counts a file-link decision.
    /// - Parameters:
    ///   - decision: `allowed`, `pending`, `denied`.
    ///   - reason: the ``FileLinkDenial`` code, `not-clean` when pending, `internal-error`,
    ///     or `none` when allowed.
    ///   - channel: the ``FileAccessChannel`` (`data-action`, `widget`).
    public func recordLink(decision: String, reason: String, channel: String) {
        registry.makeCounter(
            descriptor: Self.name(
                nil, "links", "total",
                help: "Download-link decisions (allowed links were minted), by decision, reason and channel."),
            labels: [("decision", decision), ("reason", reason.isEmpty ? "none" : reason), ("channel", channel)]
        ).increment()
    }

    // MARK: Dependencies

    /// Sets one gauge per dependency of a health report: `1` unless its check failed (`ok`,
    /// `degraded` and `disabled` count as up), `0` when it failed or timed out.
    public func record(_ report: HealthReport) {
        for entry in report.checks {
            registry.makeGauge(
                descriptor: Self.name(
                    "dependency", "up", nil,
                    help: "1 when the dependency's last health check passed, 0 when it failed "
                        + "(scanner = clamd); refreshed every 15 s and by /healthz and /readyz."),
                labels: [("dependency", entry.name)]
            ).set(to: entry.status == .fail ? 0.0 : 1.0)
        }
    }
}
