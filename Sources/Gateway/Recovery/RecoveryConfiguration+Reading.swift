extension RecoveryConfiguration {
    /// Reads `ATTACHE_RECOVERY_GRACE_SECONDS` (0…86 400, default 120),
    /// `ATTACHE_RECOVERY_INTERVAL_SECONDS` (1…3 600, default 30) and
    /// `ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS` (60…86 400, default 600).
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` naming the setting.
    init(reader: ConfigurationReader) throws(ConfigurationError) {
        let grace = try Self.seconds(reader, "ATTACHE_RECOVERY_GRACE_SECONDS", 0...86_400) ?? Defaults.graceSeconds
        let interval =
            try Self.seconds(reader, "ATTACHE_RECOVERY_INTERVAL_SECONDS", 1...3_600) ?? Defaults.intervalSeconds
        let lease =
            try Self.seconds(reader, "ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS", 60...86_400) ?? Defaults.claimLeaseSeconds
        self.init(grace: .seconds(grace), interval: .seconds(interval), claimLease: .seconds(lease))
    }

    private static func seconds(
        _ reader: ConfigurationReader,
        _ name: String,
        _ range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int? {
        guard let value = reader.string(name) else { return nil }
        guard let seconds = Int(value), range.contains(seconds) else {
            throw .invalidValue(
                name: name, value: value, origin: reader.origin(name),
                expected: "whole seconds \(range.lowerBound)-\(range.upperBound)")
        }
        return seconds
    }
}
