extension RetentionConfiguration {
    /// Reads `ATTACHE_RETENTION_CLEAN_DAYS` (default 30), `ATTACHE_RETENTION_QUARANTINE_DAYS`
    /// (default 7), `ATTACHE_RETENTION_REJECTED_DAYS` (default 30),
    /// `ATTACHE_RETENTION_UNCLAIMED_DAYS` (default 7), each whole days 1…3 650, and
    /// `ATTACHE_RETENTION_INTERVAL_SECONDS` (60…86 400, default 3 600) and
    /// `ATTACHE_MULTIPART_ABANDON_HOURS` (1…8 760, default 24).
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` naming the setting.
    init(reader: ConfigurationReader) throws(ConfigurationError) {
        let days = 1...3_650
        self.init(
            cleanDays: try Self.number(reader, "ATTACHE_RETENTION_CLEAN_DAYS", days, "days") ?? Defaults.cleanDays,
            quarantineDays: try Self.number(reader, "ATTACHE_RETENTION_QUARANTINE_DAYS", days, "days")
                ?? Defaults.quarantineDays,
            rejectedDays: try Self.number(reader, "ATTACHE_RETENTION_REJECTED_DAYS", days, "days")
                ?? Defaults.rejectedDays,
            unclaimedDays: try Self.number(reader, "ATTACHE_RETENTION_UNCLAIMED_DAYS", days, "days")
                ?? Defaults.unclaimedDays,
            interval: .seconds(
                try Self.number(reader, "ATTACHE_RETENTION_INTERVAL_SECONDS", 60...86_400, "seconds")
                    ?? Defaults.intervalSeconds),
            multipartAbandonHours: try Self.number(reader, "ATTACHE_MULTIPART_ABANDON_HOURS", 1...8_760, "hours")
                ?? Defaults.multipartAbandonHours
        )
    }

    private static func number(
        _ reader: ConfigurationReader,
        _ name: String,
        _ range: ClosedRange<Int>,
        _ unit: String
    ) throws(ConfigurationError) -> Int? {
        guard let value = reader.string(name) else { return nil }
        guard let number = Int(value), range.contains(number) else {
            throw .invalidValue(
                name: name, value: value, origin: reader.origin(name),
                expected: "whole \(unit) \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }
}
