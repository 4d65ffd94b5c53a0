/// A bucket's public access block (GetPublicAccessBlock).
public struct S3PublicAccessBlock: Sendable, Hashable {
    /// `BlockPublicAcls`.
    public var blockPublicACLs: Bool
    /// `IgnorePublicAcls`.
    public var ignorePublicACLs: Bool
    /// `BlockPublicPolicy`.
    public var blockPublicPolicy: Bool
    /// `RestrictPublicBuckets`.
    public var restrictPublicBuckets: Bool

    /// Creates a configuration.
    public init(blockPublicACLs: Bool, ignorePublicACLs: Bool, blockPublicPolicy: Bool, restrictPublicBuckets: Bool) {
        self.blockPublicACLs = blockPublicACLs
        self.ignorePublicACLs = ignorePublicACLs
        self.blockPublicPolicy = blockPublicPolicy
        self.restrictPublicBuckets = restrictPublicBuckets
    }

    /// Whether all four switches are on, the configuration AWS recommends for private buckets.
    public var blocksAllPublicAccess: Bool {
        blockPublicACLs && ignorePublicACLs && blockPublicPolicy && restrictPublicBuckets
    }
}

/// A bucket's access control list (GetBucketAcl).
public struct S3AccessControlList: Sendable, Hashable {
    /// One grant.
    public struct Grant: Sendable, Hashable {
        /// The grantee's canonical user id, for `CanonicalUser` grantees.
        public var granteeID: String?
        /// The grantee group URI, for `Group` grantees.
        public var granteeURI: String?
        /// `FULL_CONTROL`, `READ`, `WRITE`, `READ_ACP` or `WRITE_ACP`.
        public var permission: String

        /// Creates a grant.
        public init(granteeID: String?, granteeURI: String?, permission: String) {
            self.granteeID = granteeID
            self.granteeURI = granteeURI
            self.permission = permission
        }
    }

    /// The owner's canonical id.
    public var ownerID: String?
    /// The grants.
    public var grants: [Grant]

    /// Creates an ACL.
    public init(ownerID: String?, grants: [Grant]) {
        self.ownerID = ownerID
        self.grants = grants
    }

    /// The group URIs that make a grant public.
    public static let publicGroupURIs: Set<String> = [
        "http://acs.amazonaws.com/groups/global/AllUsers",
        "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
    ]

    /// Whether any grant goes to everyone or to every AWS account.
    public var grantsPublicAccess: Bool {
        grants.contains { grant in grant.granteeURI.map(Self.publicGroupURIs.contains) ?? false }
    }
}
