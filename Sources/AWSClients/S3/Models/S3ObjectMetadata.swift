import Foundation
import NIOHTTP1

/// What HeadObject and GetObject report about an object, read from the response headers.
public struct S3ObjectMetadata: Sendable, Equatable {
    /// `Content-Length`: the object size for HEAD, the byte count of the body for GET (a range's
    /// length for ranged GETs).
    public var contentLength: Int64?
    /// `Content-Type`.
    public var contentType: String?
    /// `Content-Range` for ranged GETs, e.g. `bytes 0-99/1000`.
    public var contentRange: String?
    /// `Content-Disposition`.
    public var contentDisposition: String?
    /// `ETag`, with its quotes removed.
    public var eTag: String?
    /// `Last-Modified`.
    public var lastModified: Date?
    /// `x-amz-version-id`.
    public var versionID: String?
    /// User metadata from `x-amz-meta-*` headers, keyed by the lower-cased name after the prefix.
    public var metadata: [String: String]
    /// `x-amz-server-side-encryption`.
    public var serverSideEncryption: String?
    /// `x-amz-server-side-encryption-aws-kms-key-id`.
    public var kmsKeyID: String?
    /// `x-amz-tagging-count`.
    public var tagCount: Int?
    /// `x-amz-storage-class` (absent for STANDARD).
    public var storageClass: String?

    /// Creates metadata; used by tests and by the header reader.
    public init(
        contentLength: Int64? = nil,
        contentType: String? = nil,
        contentRange: String? = nil,
        contentDisposition: String? = nil,
        eTag: String? = nil,
        lastModified: Date? = nil,
        versionID: String? = nil,
        metadata: [String: String] = [:],
        serverSideEncryption: String? = nil,
        kmsKeyID: String? = nil,
        tagCount: Int? = nil,
        storageClass: String? = nil
    ) {
        self.contentLength = contentLength
        self.contentType = contentType
        self.contentRange = contentRange
        self.contentDisposition = contentDisposition
        self.eTag = eTag
        self.lastModified = lastModified
        self.versionID = versionID
        self.metadata = metadata
        self.serverSideEncryption = serverSideEncryption
        self.kmsKeyID = kmsKeyID
        self.tagCount = tagCount
        self.storageClass = storageClass
    }

    /// Reads the metadata from response headers.
    init(headers: HTTPHeaders) {
        var metadata: [String: String] = [:]
        for (name, value) in headers {
            let lower = name.lowercased()
            if lower.hasPrefix("x-amz-meta-") {
                metadata[String(lower.dropFirst("x-amz-meta-".count))] = value
            }
        }
        self.init(
            contentLength: headers.first(name: "content-length").flatMap { Int64($0) },
            contentType: headers.first(name: "content-type"),
            contentRange: headers.first(name: "content-range"),
            contentDisposition: headers.first(name: "content-disposition"),
            eTag: headers.first(name: "etag").map(S3ObjectMetadata.unquote),
            lastModified: headers.first(name: "last-modified").flatMap(AWSTimestamp.parseHTTPDate),
            versionID: headers.first(name: "x-amz-version-id"),
            metadata: metadata,
            serverSideEncryption: headers.first(name: "x-amz-server-side-encryption"),
            kmsKeyID: headers.first(name: "x-amz-server-side-encryption-aws-kms-key-id"),
            tagCount: headers.first(name: "x-amz-tagging-count").flatMap { Int($0) },
            storageClass: headers.first(name: "x-amz-storage-class")
        )
    }

    /// Removes the double quotes S3 puts around ETags.
    static func unquote(_ eTag: String) -> String {
        eTag.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "&quot;", with: "")
    }
}
