import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Gateway

@Suite("Gateway routes")
struct GatewayRouterTests {
    func app(_ checks: [HealthCheck]) -> some ApplicationProtocol {
        Application(router: GatewayRouter.make(health: HealthMonitor(checks: checks)))
    }

    @Test("GET /healthz reports every dependency with status and latency")
    func healthy() async throws {
        let app = app([
            HealthCheck(name: "objectStore") { .ok("local") },
            HealthCheck(name: "database") { .ok("sqlite") },
        ])
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                let report = try JSONDecoder().decode(HealthReport.self, from: Data(response.body.readableBytesView))
                #expect(report.status == .ok)
                #expect(report.version == AttacheVersion.current)
                #expect(report.checks.map(\.name) == ["objectStore", "database"])
                #expect(report.checks.allSatisfy { $0.latencyMs >= 0 })
            }
        }
    }

    @Test("GET /healthz answers 503 when a dependency fails")
    func unhealthy() async throws {
        struct Down: Error {}
        let app = app([HealthCheck(name: "scanner") { throw Down() }])
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let report = try JSONDecoder().decode(HealthReport.self, from: Data(response.body.readableBytesView))
                #expect(report.status == .fail)
            }
        }
    }
}
