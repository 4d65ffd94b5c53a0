import Foundation
import Gateway
import Testing

@testable import Sandbox

/// Issue 8, must-show: three `attache serve` processes share one PostgreSQL database, moto's S3
/// and SQS and clamd. A batch is uploaded through their HTTP API; one replica is SIGKILLed while
/// it streams a file to clamd; the survivors settle every file exactly once; a survivor stopped
/// with SIGTERM exits 0 and leaves nothing stuck.
@Suite("Replicas: gateway processes sharing PostgreSQL, S3/SQS and clamd", .serialized)
struct ReplicaKillTests {
    static let dataActionSecret = "replica-test-data-action-secret-0123456789"
    static let signingSecret = "replica-test-signing-secret-0123456789abcdef"

    @Test(
        "A replica SIGKILLed mid-scan loses no file and promotes none twice; SIGTERM drains a survivor",
        .enabled(if: ReplicaServices.available),
        .timeLimit(.minutes(3))
    )
    func killMidScan() async throws {
        let services = try await ReplicaServices.make()
        let database = try await ReplicaDatabase.create()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-replicas-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var ports: [Int] = []
        for _ in 0..<3 { ports.append(try await RecoveryEndToEndHarness.freeLoopbackPort()) }
        // Attaché's trigger rules (a guest's first message → register-conversation) call replica 0.
        let rules = TriggerRule.attacheDefaults(
            gatewayURL: "http://127.0.0.1:\(ports[0])", secret: Self.dataActionSecret)
        var replicas: [GatewayReplica] = []
        do {
            try await GenesysSandboxHarness.with(platformConfiguration: PlatformConfiguration(triggerRules: rules)) {
                sandbox in
                let settings = gatewaySettings(services: services, database: database, sandbox: sandbox)
                for (index, port) in ports.enumerated() {
                    replicas.append(
                        try GatewayReplica(
                            name: "replica-\(index)", port: port, settings: settings, directory: directory))
                }
                let scenario = ReplicaScenario(
                    replicas: replicas, services: services, database: database, sandbox: sandbox)
                do {
                    try await scenario.run()
                } catch {
                    for replica in replicas { print("----- \(replica.name) -----\n\(replica.logTail())") }
                    throw error
                }
                for replica in replicas { await replica.stop() }
            }
        } catch {
            for replica in replicas { await replica.stop() }
            await database.drop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        await database.drop()
        try? FileManager.default.removeItem(at: directory)
    }

    private func gatewaySettings(
        services: ReplicaServices, database: ReplicaDatabase, sandbox: GenesysSandboxHarness
    ) -> [String: String] {
        services.gatewaySettings.merging([
            "ATTACHE_HOST": "127.0.0.1",
            "ATTACHE_DATABASE_URL": database.url,
            // Shared, so a guest credential minted by one replica is honoured by the others.
            "ATTACHE_SIGNING_SECRET": Self.signingSecret,
            "ATTACHE_GENESYS_URL": sandbox.baseURL,
            "ATTACHE_GENESYS_CLIENT_ID": GenesysSandboxHarness.client.id,
            "ATTACHE_GENESYS_CLIENT_SECRET": GenesysSandboxHarness.client.secret,
            "ATTACHE_DATA_ACTION_SECRET": Self.dataActionSecret,
            // Notices follow a few seconds after a file is clean: after the kill, not racing it.
            "ATTACHE_RECOVERY_GRACE_SECONDS": "8",
            // The shortest stale-scan cut-off: a dead replica's scan is taken over after a minute.
            "ATTACHE_STALE_SCAN_SECONDS": "60",
            "ATTACHE_RECOVERY_INTERVAL_SECONDS": "1",
            "ATTACHE_LOG_LEVEL": "info",
        ]) { _, new in new }
    }
}
