import Foundation

/// How often the ``AuditSealer`` seals new audit entries into the chain, and how it finds
/// entries that were committed late.
public struct AuditSealConfiguration: Sendable, Equatable {
    /// Time between seals (`ATTACHE_AUDIT_SEAL_SECONDS`, 1…3 600, default 5).
    public var interval: Duration
    /// The most entries one sealing transaction takes (a pass repeats until none are left).
    public var batchSize: Int
    /// A pass only looks at entries with an id above the highest one sealed this long ago, so it
    /// does not re-read the whole log: an entry whose transaction stayed open longer than this
    /// (PostgreSQL assigns the id at insert, the row appears at commit) waits for the next full
    /// pass.
    public var lateWindow: Duration
    /// How often a pass reads the whole log for unsealed entries (and the first pass always).
    public var fullPassInterval: Duration

    /// Default values, as documented in the README.
    public enum Defaults {
        public static let intervalSeconds = 5
    }

    /// Creates a configuration.
    public init(
        interval: Duration = .seconds(Defaults.intervalSeconds),
        batchSize: Int = 500,
        lateWindow: Duration = .seconds(60),
        fullPassInterval: Duration = .seconds(600)
    ) {
        self.interval = interval
        self.batchSize = max(1, batchSize)
        self.lateWindow = lateWindow
        self.fullPassInterval = fullPassInterval
    }

    /// Reads `ATTACHE_AUDIT_SEAL_SECONDS` (whole seconds 1…3 600, default 5).
    /// - Throws: ``ConfigurationError/invalidValue(name:value:origin:expected:)`` naming the setting.
    init(reader: ConfigurationReader) throws(ConfigurationError) {
        let seconds = try reader.wholeSeconds("ATTACHE_AUDIT_SEAL_SECONDS", in: 1...3_600)
        self.init(interval: .seconds(seconds ?? Defaults.intervalSeconds))
    }
}
