/// One rule of a bucket's lifecycle configuration (`<Rule>`): which objects it applies to, and
/// when S3 expires them or aborts their unfinished multipart uploads. Transitions to other
/// storage classes and rules for noncurrent versions are not modelled.
public struct S3LifecycleRule: Sendable, Hashable {
    /// Which objects a rule applies to (`<Filter>`, or the older rule-level `<Prefix>`).
    public struct Filter: Sendable, Hashable {
        /// The key prefix; empty for every key.
        public var prefix: String
        /// Tags an object must carry.
        public var tags: [S3Tag]
        /// `ObjectSizeGreaterThan`, in bytes.
        public var objectSizeGreaterThan: Int64?
        /// `ObjectSizeLessThan`, in bytes.
        public var objectSizeLessThan: Int64?

        /// Creates a filter; the default applies to every object.
        public init(
            prefix: String = "", tags: [S3Tag] = [], objectSizeGreaterThan: Int64? = nil,
            objectSizeLessThan: Int64? = nil
        ) {
            self.prefix = prefix
            self.tags = tags
            self.objectSizeGreaterThan = objectSizeGreaterThan
            self.objectSizeLessThan = objectSizeLessThan
        }

        /// The filter that applies to every object (`<Filter/>`).
        public static let everything = Filter()

        /// Whether every object whose key starts with `keyPrefix` matches, whatever its tags
        /// and size.
        public func covers(keysWithPrefix keyPrefix: String) -> Bool {
            tags.isEmpty && objectSizeGreaterThan == nil && objectSizeLessThan == nil && keyPrefix.hasPrefix(prefix)
        }
    }

    /// `ID`, optional.
    public var id: String?
    /// `Status`: `Enabled` (true) or `Disabled`.
    public var isEnabled: Bool
    /// The objects the rule applies to.
    public var filter: Filter
    /// `Expiration/Days`: objects are deleted this many days after creation.
    public var expirationDays: Int?
    /// `Expiration/Date`, as S3 sent it (ISO 8601): objects are deleted from that day on.
    public var expirationDate: String?
    /// `AbortIncompleteMultipartUpload/DaysAfterInitiation`: unfinished multipart uploads are
    /// aborted this many days after they were started.
    public var abortIncompleteMultipartUploadDays: Int?

    /// Creates a rule.
    public init(
        id: String? = nil,
        isEnabled: Bool = true,
        filter: Filter = .everything,
        expirationDays: Int? = nil,
        expirationDate: String? = nil,
        abortIncompleteMultipartUploadDays: Int? = nil
    ) {
        self.id = id
        self.isEnabled = isEnabled
        self.filter = filter
        self.expirationDays = expirationDays
        self.expirationDate = expirationDate
        self.abortIncompleteMultipartUploadDays = abortIncompleteMultipartUploadDays
    }

    /// Whether the rule is enabled and applies to every object under `keyPrefix`.
    public func applies(toKeysWithPrefix keyPrefix: String) -> Bool {
        isEnabled && filter.covers(keysWithPrefix: keyPrefix)
    }
}
