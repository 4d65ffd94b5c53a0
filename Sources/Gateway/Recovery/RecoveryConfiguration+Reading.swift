extension RecoveryConfiguration {
    /// Reads `ATTACHE_RECOVERY_GRACE_SECONDS` (0…86 400, default 120),
    /// `ATTACHE_RECOVERY_INTERVAL_SECONDS` (1…3 600, default 30) and
    /// `ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS` (60…86 400, default 600).
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` naming the setting.
    init(reader: ConfigurationReader) throws(ConfigurationError) {
        let grace = try reader.wholeSeconds("ATTACHE_RECOVERY_GRACE_SECONDS", in: 0...86_400) ?? Defaults.graceSeconds
        let interval =
            try reader.wholeSeconds("ATTACHE_RECOVERY_INTERVAL_SECONDS", in: 1...3_600) ?? Defaults.intervalSeconds
        let lease =
            try reader.wholeSeconds("ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS", in: 60...86_400)
            ?? Defaults.claimLeaseSeconds
        self.init(grace: .seconds(grace), interval: .seconds(interval), claimLease: .seconds(lease))
    }
}
