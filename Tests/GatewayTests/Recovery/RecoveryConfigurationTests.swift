import Foundation
import Testing

@testable import Gateway

/// `ATTACHE_RECOVERY_GRACE_SECONDS`, `ATTACHE_RECOVERY_INTERVAL_SECONDS` and
/// `ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS`.
@Suite("Recovery configuration")
struct RecoveryConfigurationTests {
    static func configuration(_ values: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
    }

    @Test("Defaults: two minutes of grace, a pass every 30 seconds, a ten-minute claim lease")
    func defaults() throws {
        let recovery = try Self.configuration([:]).recovery
        #expect(recovery.grace == .seconds(120))
        #expect(recovery.interval == .seconds(30))
        #expect(recovery.claimLease == .seconds(600))
    }

    @Test("The settings are read in whole seconds")
    func values() throws {
        let recovery = try Self.configuration([
            "ATTACHE_RECOVERY_GRACE_SECONDS": "0", "ATTACHE_RECOVERY_INTERVAL_SECONDS": "5",
            "ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS": "60",
        ]).recovery
        #expect(recovery.grace == .zero)
        #expect(recovery.interval == .seconds(5))
        #expect(recovery.claimLease == .seconds(60))
        let longest = try Self.configuration(["ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS": "86400"]).recovery
        #expect(longest.claimLease == .seconds(86_400))
    }

    @Test(
        "Values out of range or not numbers name the setting",
        arguments: [
            ("ATTACHE_RECOVERY_GRACE_SECONDS", "-1"), ("ATTACHE_RECOVERY_GRACE_SECONDS", "two minutes"),
            ("ATTACHE_RECOVERY_GRACE_SECONDS", "86401"), ("ATTACHE_RECOVERY_INTERVAL_SECONDS", "0"),
            ("ATTACHE_RECOVERY_INTERVAL_SECONDS", "1.5"), ("ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS", "59"),
            ("ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS", "86401"), ("ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS", "10m"),
        ])
    func invalid(name: String, value: String) {
        do {
            _ = try Self.configuration([name: value])
            Issue.record("expected \(name)=\(value) to be refused")
        } catch {
            #expect("\(error)".contains(name))
            if name == "ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS" {
                #expect("\(error)".contains("whole seconds 60-86400"))
            }
        }
    }
}
