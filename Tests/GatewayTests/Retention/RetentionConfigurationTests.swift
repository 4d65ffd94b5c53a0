import Foundation
import Testing

@testable import Gateway

@Suite("Retention configuration")
struct RetentionConfigurationTests {
    static func configuration(_ values: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(layers: ConfigurationLayers([.init(origin: "test", values: values)]))
    }

    @Test("Defaults: 30 days clean, 7 quarantine, 30 rejected, 7 unclaimed, a sweep an hour")
    func defaults() throws {
        let retention = try Self.configuration([:]).retention
        #expect(retention.cleanDays == 30)
        #expect(retention.quarantineDays == 7)
        #expect(retention.rejectedDays == 30)
        #expect(retention.unclaimedDays == 7)
        #expect(retention.interval == .seconds(3_600))
    }

    @Test("Every setting is read")
    func values() throws {
        let retention = try Self.configuration([
            "ATTACHE_RETENTION_CLEAN_DAYS": "90", "ATTACHE_RETENTION_QUARANTINE_DAYS": "2",
            "ATTACHE_RETENTION_REJECTED_DAYS": "14", "ATTACHE_RETENTION_UNCLAIMED_DAYS": "3",
            "ATTACHE_RETENTION_INTERVAL_SECONDS": "600",
        ]).retention
        #expect(
            retention
                == RetentionConfiguration(
                    cleanDays: 90, quarantineDays: 2, rejectedDays: 14, unclaimedDays: 3, interval: .seconds(600)))
    }

    @Test(
        "Bad values are typed configuration errors naming the setting",
        arguments: [
            ("ATTACHE_RETENTION_CLEAN_DAYS", "0"), ("ATTACHE_RETENTION_QUARANTINE_DAYS", "-1"),
            ("ATTACHE_RETENTION_REJECTED_DAYS", "1.5"), ("ATTACHE_RETENTION_UNCLAIMED_DAYS", "forever"),
            ("ATTACHE_RETENTION_CLEAN_DAYS", "3651"), ("ATTACHE_RETENTION_INTERVAL_SECONDS", "59"),
            ("ATTACHE_RETENTION_INTERVAL_SECONDS", "86401"),
        ])
    func invalid(name: String, value: String) throws {
        #expect {
            try Self.configuration([name: value])
        } throws: { error in
            guard case .invalidValue(let failing, let bad, _, _) = error as? ConfigurationError else { return false }
            return failing == name && bad == value
        }
    }

    @Test("Cut-offs are each area's days before now")
    func cutoffs() {
        let now = Date(timeIntervalSince1970: 2_000_000_000)
        let cutoffs = RetentionConfiguration(cleanDays: 2, quarantineDays: 1, rejectedDays: 3, unclaimedDays: 4)
            .cutoffs(now: now)
        #expect(cutoffs.clean == now.addingTimeInterval(-2 * 86_400))
        #expect(cutoffs.quarantine == now.addingTimeInterval(-86_400))
        #expect(cutoffs.rejected == now.addingTimeInterval(-3 * 86_400))
        #expect(cutoffs.unclaimed == now.addingTimeInterval(-4 * 86_400))
    }
}
