import Foundation

/// How the abandoned-upload recovery runs.
public struct RecoveryConfiguration: Sendable, Equatable {
    /// How long after becoming clean a file waits for its guest's announcement
    /// (`ATTACHE_RECOVERY_GRACE_SECONDS`, default 120 s).
    public var grace: Duration
    /// Time between passes (`ATTACHE_RECOVERY_INTERVAL_SECONDS`, default 30 s).
    public var interval: Duration
    /// How long a claim whose replica neither recorded a post nor released it (it died) blocks
    /// others (`ATTACHE_RECOVERY_CLAIM_LEASE_SECONDS`, default 10 min, far above a Genesys
    /// request's 10 s timeout). Then another replica takes it over: it posts if the dead replica
    /// had not started posting, and otherwise resolves the file as `recovery.unknown` without
    /// posting again.
    public var claimLease: Duration
    /// Failed posts are retried this many times in all, with ``backoff(afterAttempt:)``, then
    /// given up (audited as `recovery.failed`).
    public var maxAttempts: Int
    /// The first retry delay; it doubles per attempt up to ``maxBackoff``.
    public var initialBackoff: Duration
    /// The longest retry delay.
    public var maxBackoff: Duration
    /// The most candidates one pass handles.
    public var batchSize: Int

    /// Default values, as documented in the README.
    public enum Defaults {
        public static let graceSeconds = 120
        public static let intervalSeconds = 30
        public static let claimLeaseSeconds = 600
    }

    /// Creates a configuration.
    public init(
        grace: Duration = .seconds(Defaults.graceSeconds),
        interval: Duration = .seconds(Defaults.intervalSeconds),
        claimLease: Duration = .seconds(Defaults.claimLeaseSeconds),
        maxAttempts: Int = 8,
        initialBackoff: Duration = .seconds(30),
        maxBackoff: Duration = .seconds(1_800),
        batchSize: Int = 100
    ) {
        self.grace = grace
        self.interval = interval
        self.claimLease = claimLease
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.batchSize = max(1, batchSize)
    }

    /// The delay before retrying after the `attempt`-th failed post (1-based): the initial
    /// backoff doubled per attempt, capped at ``maxBackoff``.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(0, attempt - 1), 30)
        let delay = Self.seconds(initialBackoff) * pow(2, Double(exponent))
        return .milliseconds(Int64(min(delay, Self.seconds(maxBackoff)) * 1000))
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
