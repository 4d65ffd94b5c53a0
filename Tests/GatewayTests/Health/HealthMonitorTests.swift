import Testing

@testable import Gateway

@Suite("Health monitor")
struct HealthMonitorTests {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "connection refused" }
    }

    @Test("The report keeps check order and takes the worst status")
    func worstStatus() async {
        let monitor = HealthMonitor(checks: [
            HealthCheck(name: "a") { .ok("fine") },
            HealthCheck(name: "b") { .disabled("not configured") },
            HealthCheck(name: "c") { .degraded("dev scanner") },
        ])
        let report = await monitor.report()
        #expect(report.checks.map(\.name) == ["a", "b", "c"])
        #expect(report.status == .degraded)
        #expect(report.isHealthy)
        #expect(report.checks[0].detail == "fine")
    }

    @Test("A thrown error fails the check and the report, with the error as detail")
    func failure() async {
        let monitor = HealthMonitor(checks: [
            HealthCheck(name: "ok") { .ok("fine") },
            HealthCheck(name: "scanner") { throw Broken() },
        ])
        let report = await monitor.report()
        #expect(report.status == .fail)
        #expect(!report.isHealthy)
        #expect(report.checks[1].status == .fail)
        #expect(report.checks[1].detail == "connection refused")
    }

    @Test("A check that does not answer in time fails with a timeout")
    func timeout() async {
        let monitor = HealthMonitor(
            checks: [
                HealthCheck(name: "slow") {
                    try await Task.sleep(for: .seconds(30))
                    return .ok("late")
                }
            ],
            timeout: .milliseconds(50)
        )
        let report = await monitor.report()
        #expect(report.checks[0].status == .fail)
        #expect(report.checks[0].detail.contains("no answer within"))
        #expect(report.checks[0].latencyMs < 10_000)
    }

    @Test("Only disabled checks still make an ok report")
    func disabledIsOk() async {
        let report = await HealthMonitor(checks: [HealthCheck(name: "queue") { .disabled("none") }]).report()
        #expect(report.status == .ok)
    }
}
