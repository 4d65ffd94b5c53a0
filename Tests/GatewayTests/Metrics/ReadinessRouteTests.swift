import Foundation
import Hummingbird
import HummingbirdTesting
import NIOConcurrencyHelpers
import Testing

@testable import Gateway

/// `/readyz` follows the critical dependencies, `/livez` only the process, and both feed the
/// `attache_dependency_up` gauges.
@Suite("Readiness and liveness probes")
struct ReadinessRouteTests {
    struct Down: Error {}

    func app(_ checks: [HealthCheck], metrics: GatewayMetrics) -> some ApplicationProtocol {
        Application(router: GatewayRouter.make(health: HealthMonitor(checks: checks), metrics: metrics))
    }

    @Test("GET /readyz answers 200 with the health report when every dependency is up")
    func ready() async throws {
        let metrics = GatewayMetrics()
        let app = app(
            [HealthCheck(name: "database") { .ok("sqlite") }, HealthCheck(name: "queue") { .disabled("none") }],
            metrics: metrics)
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let report = try JSONDecoder().decode(HealthReport.self, from: Data(response.body.readableBytesView))
                #expect(report.status == .ok)
                #expect(report.checks.map(\.name) == ["database", "queue"])
            }
        }
        let text = PrometheusText(metrics.exposition())
        #expect(text.total("attache_dependency_up", ["dependency": "database"]) == 1)
        #expect(text.total("attache_dependency_up", ["dependency": "queue"]) == 1)
        #expect(text.total("attache_http_requests_total", ["route": "/readyz", "status": "200"]) == 1)
    }

    @Test("GET /readyz answers 503 when a critical check fails; /livez still 200; the gauge drops to 0")
    func notReady() async throws {
        let metrics = GatewayMetrics()
        let app = app(
            [HealthCheck(name: "database") { throw Down() }, HealthCheck(name: "objectStore") { .ok("local") }],
            metrics: metrics)
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(HealthReport.self, from: Data(response.body.readableBytesView))
                #expect(report.status == .fail)
            }
            try await client.execute(uri: "/livez", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = PrometheusText(String(buffer: response.body))
                #expect(text.total("attache_dependency_up", ["dependency": "database"]) == 0)
                #expect(text.total("attache_dependency_up", ["dependency": "objectStore"]) == 1)
                #expect(text.total("attache_http_requests_total", ["route": "/readyz", "status": "503"]) == 1)
            }
        }
    }

    @Test("A failing non-critical check (clamd) keeps /readyz at 200 but reports the scanner down")
    func scannerDown() async throws {
        let metrics = GatewayMetrics()
        let app = app([HealthCheck(name: "scanner", critical: false) { throw Down() }], metrics: metrics)
        try await app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .ok) }
        }
        #expect(PrometheusText(metrics.exposition()).total("attache_dependency_up", ["dependency": "scanner"]) == 0)
    }

    @Test("Unusual request methods share one label value")
    func boundedMethods() {
        #expect(GatewayMetrics.boundedMethod("GET") == "GET")
        #expect(GatewayMetrics.boundedMethod("BREW") == "OTHER")
    }
}

/// The gauges follow the dependencies without any probe calling `/readyz`.
@Suite("Dependency gauge refresher")
struct DependencyGaugeRefresherTests {
    @Test("The refresher records a report at once and again after its interval")
    func refreshes() async throws {
        let metrics = GatewayMetrics()
        let clamdUp = NIOLockedValueBox(true)
        struct Down: Error {}
        let health = HealthMonitor(checks: [
            HealthCheck(name: "scanner", critical: false) {
                guard clamdUp.withLockedValue({ $0 }) else { throw Down() }
                return .ok("clamd")
            }
        ])
        let refresher = DependencyGaugeRefresher(health: health, metrics: metrics, interval: .seconds(1))
        func scannerGauge() -> Double? {
            PrometheusText(metrics.exposition()).samples("attache_dependency_up", ["dependency": "scanner"]).first?
                .value
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await refresher.run() }
            var seen = scannerGauge()
            for _ in 0..<1_000 where seen != 1 {
                try await Task.sleep(for: .milliseconds(20))
                seen = scannerGauge()
            }
            #expect(seen == 1, "the first report is recorded at start")
            clamdUp.withLockedValue { $0 = false }
            for _ in 0..<1_000 where seen != 0 {
                try await Task.sleep(for: .milliseconds(20))
                seen = scannerGauge()
            }
            group.cancelAll()
        }
        #expect(scannerGauge() == 0)
    }
}
