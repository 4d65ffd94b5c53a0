/// A bucket's default encryption (GetBucketEncryption): how S3 encrypts an object written
/// without encryption headers.
public struct S3BucketEncryption: Sendable, Hashable {
    /// One `<Rule>` of the configuration (S3 keeps exactly one).
    public struct Rule: Sendable, Hashable {
        /// `SSEAlgorithm`: `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse` (DSSE-KMS).
        public var algorithm: String
        /// `KMSMasterKeyID`: the key id, ARN or alias for the KMS algorithms; `nil` is the
        /// account's AWS managed key (`aws/s3`).
        public var kmsMasterKeyID: String?
        /// `BucketKeyEnabled`: whether S3 Bucket Keys cut the KMS requests.
        public var bucketKeyEnabled: Bool

        /// Creates a rule.
        public init(algorithm: String, kmsMasterKeyID: String? = nil, bucketKeyEnabled: Bool = false) {
            self.algorithm = algorithm
            self.kmsMasterKeyID = kmsMasterKeyID
            self.bucketKeyEnabled = bucketKeyEnabled
        }

        /// Whether the objects are encrypted with a KMS key (`aws:kms` or `aws:kms:dsse`).
        public var usesKMS: Bool { algorithm == "aws:kms" || algorithm == "aws:kms:dsse" }
    }

    /// The rules, in document order.
    public var rules: [Rule]

    /// Creates a configuration.
    public init(rules: [Rule]) {
        self.rules = rules
    }

    /// The rule S3 applies (the first; S3 accepts only one).
    public var defaultRule: Rule? { rules.first }
}
