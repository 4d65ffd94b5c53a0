import Foundation

/// A multipart upload that CreateMultipartUpload started.
public struct S3MultipartUpload: Sendable, Hashable {
    /// The bucket.
    public var bucket: String
    /// The object key.
    public var key: String
    /// S3's upload id.
    public var uploadID: String
    /// The checksum every part carries (`x-amz-checksum-algorithm` of CreateMultipartUpload), if any.
    public var checksumAlgorithm: S3ChecksumAlgorithm?

    /// Creates a reference to an upload.
    public init(bucket: String, key: String, uploadID: String, checksumAlgorithm: S3ChecksumAlgorithm? = nil) {
        self.bucket = bucket
        self.key = key
        self.uploadID = uploadID
        self.checksumAlgorithm = checksumAlgorithm
    }
}

/// A checksum S3 verifies on each part of a multipart upload and records for the object
/// (S3's flexible checksums; the composite type: a checksum of the parts' checksums).
public enum S3ChecksumAlgorithm: String, Sendable, Hashable {
    /// CRC-32 (IEEE), as the AWS SDKs send by default.
    case crc32 = "CRC32"
}

/// An upload in progress, as ListMultipartUploads reports it.
public struct S3MultipartUploadSummary: Sendable, Hashable {
    /// The upload.
    public var upload: S3MultipartUpload
    /// When it was started.
    public var initiated: Date?

    /// Creates a summary.
    public init(upload: S3MultipartUpload, initiated: Date?) {
        self.upload = upload
        self.initiated = initiated
    }
}

/// One page of ListMultipartUploads.
public struct S3ListMultipartUploadsPage: Sendable, Equatable {
    /// The uploads on this page.
    public var uploads: [S3MultipartUploadSummary]
    /// Whether more uploads follow.
    public var isTruncated: Bool
    /// The key marker for the next page.
    public var nextKeyMarker: String?
    /// The upload-id marker for the next page.
    public var nextUploadIDMarker: String?

    /// Creates a page.
    public init(
        uploads: [S3MultipartUploadSummary],
        isTruncated: Bool,
        nextKeyMarker: String?,
        nextUploadIDMarker: String?
    ) {
        self.uploads = uploads
        self.isTruncated = isTruncated
        self.nextKeyMarker = nextKeyMarker
        self.nextUploadIDMarker = nextUploadIDMarker
    }
}

/// A part that S3 has stored, as ListParts reports it.
public struct S3UploadedPart: Sendable, Hashable {
    /// The part number (1…10,000).
    public var partNumber: Int
    /// The part's ETag, without quotes.
    public var eTag: String
    /// The part's size in bytes.
    public var size: Int64
    /// When the part was uploaded.
    public var lastModified: Date?
    /// The part's CRC-32 as S3 recorded it, for an upload with ``S3ChecksumAlgorithm/crc32``.
    public var checksumCRC32: String?

    /// Creates a part description.
    public init(
        partNumber: Int, eTag: String, size: Int64, lastModified: Date? = nil, checksumCRC32: String? = nil
    ) {
        self.partNumber = partNumber
        self.eTag = eTag
        self.size = size
        self.lastModified = lastModified
        self.checksumCRC32 = checksumCRC32
    }

    /// The entry that completes the upload with this part (its ETag and checksum).
    public var completed: S3CompletedPart {
        S3CompletedPart(partNumber: partNumber, eTag: eTag, checksumCRC32: checksumCRC32)
    }
}

/// One page of ListParts.
public struct S3ListPartsPage: Sendable, Equatable {
    /// The parts on this page, in part-number order.
    public var parts: [S3UploadedPart]
    /// Whether more parts follow.
    public var isTruncated: Bool
    /// The marker for the next page, when truncated.
    public var nextPartNumberMarker: Int?

    /// Creates a page.
    public init(parts: [S3UploadedPart], isTruncated: Bool, nextPartNumberMarker: Int?) {
        self.parts = parts
        self.isTruncated = isTruncated
        self.nextPartNumberMarker = nextPartNumberMarker
    }
}

/// A part to name in CompleteMultipartUpload.
public struct S3CompletedPart: Sendable, Hashable {
    /// The part number.
    public var partNumber: Int
    /// The ETag UploadPart returned (quotes optional).
    public var eTag: String
    /// The part's CRC-32 (base64 of its four bytes), for an upload with ``S3ChecksumAlgorithm/crc32``.
    public var checksumCRC32: String?

    /// Creates a completed-part entry.
    public init(partNumber: Int, eTag: String, checksumCRC32: String? = nil) {
        self.partNumber = partNumber
        self.eTag = eTag
        self.checksumCRC32 = checksumCRC32
    }
}

/// What CompleteMultipartUpload returns.
public struct S3CompleteMultipartUploadResult: Sendable, Equatable {
    /// The object's URL.
    public var location: String?
    /// The bucket.
    public var bucket: String?
    /// The key.
    public var key: String?
    /// The object's ETag (`<md5 of part md5s>-<part count>`), without quotes.
    public var eTag: String?
    /// `x-amz-version-id`, for versioned buckets.
    public var versionID: String?

    /// Creates a result.
    public init(location: String?, bucket: String?, key: String?, eTag: String?, versionID: String? = nil) {
        self.location = location
        self.bucket = bucket
        self.key = key
        self.eTag = eTag
        self.versionID = versionID
    }
}
