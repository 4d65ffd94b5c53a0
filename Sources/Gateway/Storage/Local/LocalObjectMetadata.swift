import Foundation

/// What the embedded store keeps beside each object's bytes (a JSON sidecar file).
struct LocalObjectMetadata: Codable, Sendable, Equatable {
    /// Bytes.
    var size: Int64
    /// The ETag, quoted: the MD5 of the bytes, or `md5-of-md5s-N` for a multipart object.
    var etag: String
    /// The `Content-Type` the uploader declared.
    var contentType: String?
    /// When the object was written.
    var lastModified: Date
    /// The object's tags.
    var tags: [String: String]

    /// The description the ``ObjectStore`` protocol hands out.
    var stored: StoredObject {
        StoredObject(size: size, etag: etag, contentType: contentType, lastModified: lastModified)
    }
}

/// A multipart upload in progress (`multipart/<uploadId>/upload.json`).
struct LocalMultipartUpload: Codable, Sendable, Equatable {
    /// The key the object will have in quarantine.
    var key: String
    /// The `Content-Type` the object will have.
    var contentType: String
    /// When the upload was started.
    var initiated: Date
}

/// One uploaded part (`multipart/<uploadId>/<partNumber>.json`, beside `<partNumber>.part`).
struct LocalPartRecord: Codable, Sendable, Equatable {
    /// 1…10,000.
    var partNumber: Int
    /// The part's ETag, quoted.
    var etag: String
    /// Bytes.
    var size: Int64
}
