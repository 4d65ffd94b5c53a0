import Foundation
import Gateway
import Logging
import TestSupport
import Testing

/// PostgreSQL restarted under load, against a real server of the test's own (Debian's binaries,
/// `initdb` into a temporary directory, a port in 55460-55469) and one in-process gateway
/// (`ATTACHE_DATABASE_URL=postgres://…`, embedded object store).
///
/// 1. Guests register; workers ask for tickets (`POST /v1/uploads`) with a short pause.
/// 2. After 100 tickets, the server is stopped (`pg_ctl stop -m fast`, sessions terminated);
///    `/readyz` must report the database failing; 3 s later it is started again.
/// 3. Once `/readyz` reports it back, the load goes on until 100 more tickets succeeded.
///
/// Checked: every answer is 201 or a 503 problem (`application/problem+json` with
/// `Retry-After`), none took longer than 30 s (fail fast, not hang: no tight timing), at least one
/// request met the outage, the same gateway process serves again (no stuck pool), and nothing is
/// half-written: each 201's upload row exists, every upload has its audit entry and every audit
/// entry its upload.
///
/// Skipped when Debian's PostgreSQL binaries are missing, unless `CI=true` (then it fails).
@Suite("Failures: PostgreSQL restarted under load", .serialized)
struct PostgresRestartTests {
    static let logger: Logger = {
        var logger = Logger(label: "attache.test.failures.postgres")
        logger.logLevel = .critical
        return logger
    }()

    @Test("requests fail fast with 503 while PostgreSQL is down and succeed again after it restarts")
    func restartUnderLoad() async throws {
        guard let bin = PrivatePostgres.binaries() else {
            if TestEnvironment.isCI {
                Issue.record("PostgreSQL binaries (/usr/lib/postgresql/*/bin) missing under CI=true")
            }
            return
        }
        let postgres = try PrivatePostgres.start(bin: bin)
        defer { postgres.destroy() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-pgrestart-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try await RecoveryEndToEndHarness.freeLoopbackPort()
        let values = [
            "ATTACHE_HOST": "127.0.0.1", "ATTACHE_PORT": "\(port)", "ATTACHE_PUBLIC_URL": "http://127.0.0.1:\(port)",
            "ATTACHE_DATABASE_URL": postgres.url, "ATTACHE_STORE": "local:\(directory.path)/objects",
            "ATTACHE_TRUSTED_PROXIES": "127.0.0.1", "ATTACHE_LOG_LEVEL": "critical",
        ]
        try await EndToEndGateway.run(values: values, origin: "postgres-restart-test", logger: Self.logger) { gateway in
            let client = FailureClient(baseURL: "http://127.0.0.1:\(gateway.port)")
            var credentials: [String] = []
            for _ in 0..<25 { credentials.append(try await client.registerGuest()) }
            let load = TicketLoad(successesAfterRecovery: 100, cap: 1_500)
            let clock = ContinuousClock()
            let start = clock.now
            async let driven: Void = load.run(
                client: client, credentials: credentials, workers: 8, pause: .milliseconds(100),
                deadline: start + .seconds(150))

            let warmed = await FailureClient.eventually(within: .seconds(60)) { await load.successes >= 100 }
            #expect(warmed, "100 tickets before the restart")
            try postgres.stopServer()
            let stoppedAt = clock.now
            let down = try await FailureClient.eventually(within: .seconds(30)) {
                let ready = try await client.readiness(check: "database")
                return ready.status == 503 && ready.check == "fail"
            }
            #expect(down, "/readyz reports the database down")
            let noticed = clock.now - stoppedAt
            try await Task.sleep(for: .seconds(3))
            try postgres.startServer()
            let startedAt = clock.now
            let back = try await FailureClient.eventually(within: .seconds(60)) {
                try await client.readiness(check: "database").check == "ok"
            }
            #expect(back, "/readyz reports the database back without a restart of the gateway")
            let readyAgain = clock.now - startedAt
            await load.markRecovered()
            await driven

            let outcomes = await load.outcomes
            let failed = outcomes.filter { $0.status != 201 }
            let slowest = outcomes.map(\.seconds).max() ?? 0
            let statuses = Dictionary(grouping: outcomes, by: \.status).mapValues(\.count)
            print(
                "postgres restart test: \(outcomes.count) tickets \(statuses); readyz down after \(noticed), "
                    + "ready \(readyAgain) after the start; slowest answer \(slowest) s; "
                    + "first failure: \(failed.first?.error ?? "none")")
            #expect(failed.allSatisfy { $0.status == 503 }, "only 201 or 503: \(failed.prefix(3).map(\.error))")
            #expect(!failed.isEmpty, "some requests met the outage")
            #expect(
                failed.allSatisfy { $0.contentType == "application/problem+json" && $0.retryAfter != nil },
                "503s are problems with Retry-After: \(failed.prefix(3).map { ($0.contentType, $0.retryAfter) })")
            #expect(slowest < 30, "no request hung (slowest \(slowest) s)")
            #expect(await load.recoveredSuccesses >= 100, "tickets succeed again after the restart")
            let fresh = try await client.requestTicket(filename: "after.txt", size: 10, credential: credentials[0])
            #expect(fresh.status == 201, "the same gateway serves tickets again: \(fresh.status)")

            // Nothing half-written.
            let issued = Set(outcomes.compactMap { $0.status == 201 ? $0.fileId : nil })
            let rows = Set(try postgres.query("SELECT file_id FROM uploads").split(separator: "\n").map(String.init))
            #expect(
                issued.isSubset(of: rows), "every 201's upload row exists: missing \(issued.subtracting(rows).count)")
            let orphanAudit = try postgres.query(
                "SELECT count(*) FROM audit_log a WHERE a.file_id IS NOT NULL "
                    + "AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.file_id = a.file_id)")
            #expect(orphanAudit == "0", "every audit entry has its upload (\(orphanAudit) without)")
            let unaudited = try postgres.query(
                "SELECT count(*) FROM uploads u WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.file_id = u.file_id)"
            )
            #expect(unaudited == "0", "every upload has its audit entry (\(unaudited) without)")
        }
    }
}
