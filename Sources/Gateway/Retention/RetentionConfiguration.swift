import Foundation

/// How long files are kept in each area, and how often the ``RetentionSweeper`` looks.
///
/// Ages are measured from an upload's last change (when it became clean, was rejected or
/// expired). Defaults are conservative: nothing is removed before a week.
public struct RetentionConfiguration: Sendable, Equatable {
    /// Clean files of guests bound to a conversation (`ATTACHE_RETENTION_CLEAN_DAYS`, default 30).
    public var cleanDays: Int
    /// Un-promoted leftovers in quarantine: aborted, expired and never completed uploads
    /// (`ATTACHE_RETENTION_QUARANTINE_DAYS`, default 7).
    public var quarantineDays: Int
    /// Rejected files, kept in quarantine for investigation (`ATTACHE_RETENTION_REJECTED_DAYS`,
    /// default 30).
    public var rejectedDays: Int
    /// Clean files whose guest was never bound to a conversation
    /// (`ATTACHE_RETENTION_UNCLAIMED_DAYS`, default 7).
    public var unclaimedDays: Int
    /// Time between sweeps (`ATTACHE_RETENTION_INTERVAL_SECONDS`, default 3 600).
    public var interval: Duration
    /// How long a claim whose replica died mid-sweep blocks the others (default 15 min).
    public var claimLease: Duration
    /// The most files one claim takes (a pass claims until nothing is left).
    public var batchSize: Int
    /// How long after an erasure each pass deletes the file's objects again, in case a scan
    /// running during the erasure promoted it afterwards (default 24 h).
    public var erasureRecheck: Duration
    /// How long a multipart upload may stay open in quarantine before the sweeper aborts it as
    /// abandoned (`ATTACHE_MULTIPART_ABANDON_HOURS`, default 24; see ``OrphanedMultipartSweep``).
    public var multipartAbandonHours: Int

    /// Default values, as documented in the README.
    public enum Defaults {
        public static let cleanDays = 30
        public static let quarantineDays = 7
        public static let rejectedDays = 30
        public static let unclaimedDays = 7
        public static let intervalSeconds = 3_600
        public static let multipartAbandonHours = 24
    }

    /// Creates a configuration.
    public init(
        cleanDays: Int = Defaults.cleanDays,
        quarantineDays: Int = Defaults.quarantineDays,
        rejectedDays: Int = Defaults.rejectedDays,
        unclaimedDays: Int = Defaults.unclaimedDays,
        interval: Duration = .seconds(Defaults.intervalSeconds),
        claimLease: Duration = .seconds(900),
        batchSize: Int = 100,
        erasureRecheck: Duration = .seconds(86_400),
        multipartAbandonHours: Int = Defaults.multipartAbandonHours
    ) {
        self.cleanDays = max(1, cleanDays)
        self.quarantineDays = max(1, quarantineDays)
        self.rejectedDays = max(1, rejectedDays)
        self.unclaimedDays = max(1, unclaimedDays)
        self.interval = interval
        self.claimLease = claimLease
        self.batchSize = max(1, batchSize)
        self.erasureRecheck = erasureRecheck
        self.multipartAbandonHours = max(1, multipartAbandonHours)
    }

    /// ``multipartAbandonHours`` as a duration.
    public var multipartAbandonAfter: Duration { .seconds(multipartAbandonHours * 3_600) }

    /// The retention period of an area, in days.
    public func days(_ area: RetentionArea) -> Int {
        switch area {
        case .clean: cleanDays
        case .unclaimed: unclaimedDays
        case .rejected: rejectedDays
        case .quarantine: quarantineDays
        }
    }

    /// The cut-offs of a pass at `now`.
    public func cutoffs(now: Date) -> RetentionCutoffs {
        func before(_ area: RetentionArea) -> Date { now.addingTimeInterval(-Double(days(area)) * 86_400) }
        return RetentionCutoffs(
            clean: before(.clean), unclaimed: before(.unclaimed), rejected: before(.rejected),
            quarantine: before(.quarantine))
    }
}
