import Foundation

/// One object in a ListObjectsV2 page.
public struct S3ObjectSummary: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The size in bytes.
    public var size: Int64
    /// The ETag, without quotes.
    public var eTag: String?
    /// When the object was last written.
    public var lastModified: Date?
    /// The storage class.
    public var storageClass: String?

    /// Creates a summary.
    public init(key: String, size: Int64, eTag: String? = nil, lastModified: Date? = nil, storageClass: String? = nil) {
        self.key = key
        self.size = size
        self.eTag = eTag
        self.lastModified = lastModified
        self.storageClass = storageClass
    }
}

/// One page of ListObjectsV2.
public struct S3ListObjectsPage: Sendable, Equatable {
    /// The objects on this page.
    public var objects: [S3ObjectSummary]
    /// The common prefixes (when a delimiter was given).
    public var commonPrefixes: [String]
    /// Whether more pages follow.
    public var isTruncated: Bool
    /// The token for the next page, when truncated.
    public var nextContinuationToken: String?

    /// Creates a page.
    public init(objects: [S3ObjectSummary], commonPrefixes: [String], isTruncated: Bool, nextContinuationToken: String?)
    {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
    }
}
