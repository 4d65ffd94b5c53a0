import AWSClients
import NIOCore
import NIOHTTP1

/// The production ``ObjectStore``: two private S3 buckets, quarantine and clean.
///
/// Uploads are presigned PUTs and UploadParts into the quarantine bucket with the content type
/// (and, for single PUTs, the exact length) bound into the signature; promotion is CopyObject to
/// the clean bucket with the tags replaced, then DeleteObject from quarantine. With
/// ``serverSideEncryption`` set, every write asks for it (presigned PUTs bind its headers, so
/// clients must send them).
public struct S3ObjectStore: ObjectStore {
    /// The S3 client.
    public let client: S3Client
    /// Where uploads land.
    public let quarantineBucket: String
    /// Where promoted objects live.
    public let cleanBucket: String
    /// Encryption requested on every write (SSE-KMS or SSE-S3), or `nil` for the bucket default.
    public let serverSideEncryption: S3ServerSideEncryption?

    /// Creates the store.
    /// - Parameters:
    ///   - client: The S3 client.
    ///   - quarantineBucket: Where uploads land.
    ///   - cleanBucket: Where promoted objects live.
    ///   - serverSideEncryption: Encryption to request on writes, e.g. `.kms(keyID: "alias/attache")`.
    public init(
        client: S3Client,
        quarantineBucket: String,
        cleanBucket: String,
        serverSideEncryption: S3ServerSideEncryption? = nil
    ) {
        self.client = client
        self.quarantineBucket = quarantineBucket
        self.cleanBucket = cleanBucket
        self.serverSideEncryption = serverSideEncryption
    }

    /// The bucket behind an area.
    public func bucket(_ area: ObjectArea) -> String {
        switch area {
        case .quarantine: quarantineBucket
        case .clean: cleanBucket
        }
    }

    public func signedPut(
        key: String, contentType: String, contentLength: Int64, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        let attributes = S3ObjectAttributes(contentType: contentType, serverSideEncryption: serverSideEncryption)
        let presigned = try await client.presignedPutURL(
            bucket: quarantineBucket,
            key: key,
            expires: expires,
            contentLength: contentLength,
            attributes: attributes
        )
        return Self.signed(presigned)
    }

    public func createMultipartUpload(key: String, contentType: String) async throws -> String {
        let attributes = S3ObjectAttributes(contentType: contentType, serverSideEncryption: serverSideEncryption)
        return try await client.createMultipartUpload(bucket: quarantineBucket, key: key, attributes: attributes)
            .uploadID
    }

    public func signedUploadPart(
        key: String, uploadID: String, partNumber: Int, expires: Duration
    ) async throws
        -> SignedObjectRequest
    {
        let presigned = try await client.presignedUploadPartURL(
            upload(key, uploadID),
            partNumber: partNumber,
            expires: expires
        )
        return Self.signed(presigned)
    }

    public func listParts(key: String, uploadID: String) async throws -> [StoredPart] {
        do {
            return try await client.listAllParts(upload(key, uploadID)).map {
                StoredPart(partNumber: $0.partNumber, etag: Self.quote($0.eTag), size: $0.size)
            }
        } catch let error as S3Error where error.code == .noSuchUpload {
            throw ObjectStoreError(.noSuchUpload, "no multipart upload \(uploadID) for this key", key: key)
        }
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [StoredPart]) async throws {
        let completed = parts.map { S3CompletedPart(partNumber: $0.partNumber, eTag: $0.etag) }
        do {
            _ = try await client.completeMultipartUpload(upload(key, uploadID), parts: completed)
        } catch let error as S3Error {
            throw Self.translate(error, key: key, uploadID: uploadID)
        }
    }

    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        do {
            try await client.abortMultipartUpload(upload(key, uploadID))
        } catch let error as S3Error where error.code == .noSuchUpload {
            return
        }
    }

    public func head(_ area: ObjectArea, key: String) async throws -> StoredObject? {
        do {
            let metadata = try await client.headObject(bucket: bucket(area), key: key)
            return StoredObject(
                size: metadata.contentLength ?? 0,
                etag: metadata.eTag.map(Self.quote),
                contentType: metadata.contentType,
                lastModified: metadata.lastModified
            )
        } catch let error as S3Error where error.status == 404 {
            return nil
        }
    }

    public func read(_ area: ObjectArea, key: String) async throws -> AnyAsyncSequence<ByteBuffer> {
        do {
            let content = try await client.getObject(bucket: bucket(area), key: key)
            return AnyAsyncSequence(content.body)
        } catch let error as S3Error where error.status == 404 {
            throw ObjectStoreError(.noSuchKey, "no such object in \(area.rawValue)", key: key)
        }
    }

    public func promote(key: String, tags: [String: String]) async throws {
        let options = S3CopyOptions(
            metadata: .copy,
            tagging: .replace(Self.s3Tags(tags)),
            serverSideEncryption: serverSideEncryption
        )
        do {
            _ = try await client.copyObject(
                sourceBucket: quarantineBucket,
                sourceKey: key,
                bucket: cleanBucket,
                key: key,
                options: options
            )
        } catch let error as S3Error where error.status == 404 && error.code != .noSuchBucket {
            // The source is gone: promoted before (a duplicate event), or never uploaded.
            if try await client.objectExists(bucket: cleanBucket, key: key) { return }
            throw ObjectStoreError(.noSuchKey, "nothing to promote: absent from quarantine and clean", key: key)
        }
        try await client.deleteObject(bucket: quarantineBucket, key: key)
    }

    public func tag(_ area: ObjectArea, key: String, tags: [String: String]) async throws {
        do {
            try await client.putObjectTagging(bucket: bucket(area), key: key, tags: Self.s3Tags(tags))
        } catch let error as S3Error where error.status == 404 && error.code != .noSuchBucket {
            throw ObjectStoreError(.noSuchKey, "no such object in \(area.rawValue)", key: key)
        }
    }

    /// The object's tags, as a dictionary.
    /// - Throws: ``ObjectStoreError`` (`noSuchKey`), ``S3Error``, ``AWSClientError``.
    public func tags(_ area: ObjectArea, key: String) async throws -> [String: String] {
        do {
            let tags = try await client.getObjectTagging(bucket: bucket(area), key: key)
            return Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        } catch let error as S3Error where error.status == 404 && error.code != .noSuchBucket {
            throw ObjectStoreError(.noSuchKey, "no such object in \(area.rawValue)", key: key)
        }
    }

    public func delete(_ area: ObjectArea, key: String) async throws {
        try await client.deleteObject(bucket: bucket(area), key: key)
    }

    public func signedGet(
        key: String, expires: Duration, contentDisposition: String, contentType: String
    ) async throws
        -> SignedObjectRequest
    {
        let presigned = try await client.presignedGetURL(
            bucket: cleanBucket,
            key: key,
            expires: expires,
            responseContentDisposition: contentDisposition,
            responseContentType: contentType
        )
        return Self.signed(presigned)
    }

    private func upload(_ key: String, _ uploadID: String) -> S3MultipartUpload {
        S3MultipartUpload(bucket: quarantineBucket, key: key, uploadID: uploadID)
    }

    static func signed(_ presigned: S3PresignedRequest) -> SignedObjectRequest {
        SignedObjectRequest(
            method: presigned.method,
            url: presigned.url,
            headers: presigned.headers,
            expiresAt: presigned.expiresAt
        )
    }

    static func quote(_ etag: String) -> String {
        etag.hasPrefix("\"") ? etag : "\"" + etag + "\""
    }

    static func s3Tags(_ tags: [String: String]) -> [S3Tag] {
        tags.sorted { $0.key < $1.key }.map { S3Tag(key: $0.key, value: $0.value) }
    }

    static func translate(_ error: S3Error, key: String, uploadID: String) -> any Error {
        switch error.code {
        case .noSuchUpload:
            ObjectStoreError(.noSuchUpload, "no multipart upload \(uploadID) for this key", key: key)
        case .invalidPart:
            ObjectStoreError(.invalidPart, "a listed part is missing or its ETag does not match", key: key)
        case .invalidPartOrder:
            ObjectStoreError(.invalidPartOrder, "parts must be listed in ascending order", key: key)
        case .entityTooSmall:
            ObjectStoreError(.entityTooSmall, "a part other than the last is below the minimum size", key: key)
        default:
            error
        }
    }
}
