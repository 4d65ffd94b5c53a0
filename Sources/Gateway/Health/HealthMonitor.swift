/// Runs the gateway's ``HealthCheck``s concurrently, each bounded by a timeout.
///
/// The report's status is the worst of its checks, except that a failing non-critical check
/// (``HealthCheck/critical``) counts as `degraded`.
public struct HealthMonitor: Sendable {
    /// The checks, in report order.
    public var checks: [HealthCheck]
    /// How long one check may take before it is reported as failed.
    public var timeout: Duration

    /// Creates a monitor.
    public init(checks: [HealthCheck], timeout: Duration = .seconds(3)) {
        self.checks = checks
        self.timeout = timeout
    }

    /// Runs every check at once and collects the report.
    public func report() async -> HealthReport {
        let entries = await withTaskGroup(of: (Int, HealthReport.Entry).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask { (index, await Self.run(check, timeout: timeout)) }
            }
            var entries = [HealthReport.Entry?](repeating: nil, count: checks.count)
            for await (index, entry) in group { entries[index] = entry }
            return entries.compactMap { $0 }
        }
        let status =
            zip(checks, entries).map { check, entry in
                entry.status == .fail && !check.critical ? HealthReport.Status.degraded : entry.status
            }.max() ?? .ok
        return HealthReport(
            status: status == .disabled ? .ok : status, version: AttacheVersion.current, checks: entries)
    }

    static func run(_ check: HealthCheck, timeout: Duration) async -> HealthReport.Entry {
        let clock = ContinuousClock()
        let start = clock.now
        let outcome: Result<HealthCheck.Outcome, any Error> = await withTaskGroup(
            of: Result<HealthCheck.Outcome, any Error>?.self
        ) { group in
            group.addTask {
                do { return .success(try await check.run()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failure(HealthCheckTimeout(timeout: timeout))
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(HealthCheckTimeout(timeout: timeout))
        }
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let latency = (milliseconds * 1000).rounded() / 1000
        switch outcome {
        case .success(.ok(let detail)):
            return .init(name: check.name, status: .ok, latencyMs: latency, detail: detail)
        case .success(.degraded(let detail)):
            return .init(name: check.name, status: .degraded, latencyMs: latency, detail: detail)
        case .success(.disabled(let detail)):
            return .init(name: check.name, status: .disabled, latencyMs: latency, detail: detail)
        case .failure(let error):
            return .init(name: check.name, status: .fail, latencyMs: latency, detail: "\(error)")
        }
    }
}

/// A health check that did not answer in time.
struct HealthCheckTimeout: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no answer within \(timeout)" }
}
