extension ScanWorker {
    /// What happens to a rejected object.
    public struct RejectedObjects: Sendable, Hashable, CustomStringConvertible {
        let deletes: Bool

        /// Keep it in quarantine, tagged with the reason (the default: evidence for the security team).
        public static let keepTagged = RejectedObjects(deletes: false)
        /// Delete it from quarantine.
        public static let delete = RejectedObjects(deletes: true)

        /// `keep-tagged` or `delete`.
        public var description: String { deletes ? "delete" : "keep-tagged" }
    }

    /// How the worker runs.
    public struct Configuration: Sendable, Hashable {
        /// How many objects are scanned at the same time (at least 1).
        public var maxConcurrentScans: Int
        /// Types that may be promoted; `nil` allows any non-executable type whose bytes match
        /// the declared type.
        public var allowedTypes: Set<String>?
        /// What happens to rejected objects.
        public var rejectedObjects: RejectedObjects
        /// Delays before an event comes back (scanner unreachable, object busy).
        public var backoff: RetryBackoff
        /// After how long without a refresh a `scanning` state is taken to be a dead worker's and
        /// taken over. A worker refreshes the scans it holds every quarter of this
        /// (``claimRefreshInterval``), however long the scan takes.
        public var staleScanAfter: Duration

        /// Creates a configuration with production defaults.
        /// - Parameters:
        ///   - maxConcurrentScans: Scans at once (default 4).
        ///   - allowedTypes: The allow-list (default: any non-executable type).
        ///   - rejectedObjects: Keep tagged (default) or delete.
        ///   - backoff: Retry delays (default 5 s doubling to 5 min).
        ///   - staleScanAfter: Take over `scanning` states not refreshed for this long (default 60 s).
        public init(
            maxConcurrentScans: Int = 4,
            allowedTypes: Set<String>? = nil,
            rejectedObjects: RejectedObjects = .keepTagged,
            backoff: RetryBackoff = RetryBackoff(),
            staleScanAfter: Duration = .seconds(60)
        ) {
            self.maxConcurrentScans = max(maxConcurrentScans, 1)
            self.allowedTypes = allowedTypes
            self.rejectedObjects = rejectedObjects
            self.backoff = backoff
            self.staleScanAfter = staleScanAfter
        }

        /// How often a worker moves the `updated_at` of a scan it holds forward: a quarter of
        /// ``staleScanAfter``, at least a second.
        var claimRefreshInterval: Duration {
            max(staleScanAfter / 4, .seconds(1))
        }

        var scanSettings: ObjectScan.Settings {
            ObjectScan.Settings(
                typeCheck: ContentTypeCheck(allowedTypes: allowedTypes),
                backoff: backoff,
                staleScanAfter: staleScanAfter
            )
        }
    }
}
