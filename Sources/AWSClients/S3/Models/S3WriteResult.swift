import Foundation

/// What PutObject, UploadPart and CopyObject return.
public struct S3WriteResult: Sendable, Equatable {
    /// The ETag of the object or part, without quotes.
    public var eTag: String?
    /// `x-amz-version-id`, for versioned buckets.
    public var versionID: String?
    /// When the copy was made (CopyObject only).
    public var lastModified: Date?

    /// Creates a result.
    public init(eTag: String?, versionID: String? = nil, lastModified: Date? = nil) {
        self.eTag = eTag
        self.versionID = versionID
        self.lastModified = lastModified
    }
}
