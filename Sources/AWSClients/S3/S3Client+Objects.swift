import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Stores an object (PutObject).
    ///
    /// The body streams from memory, a file or an async sequence; it is never buffered whole.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - body: the content, with its length (see ``S3Body`` for what is retried).
    ///   - attributes: content type, metadata, tags, encryption.
    /// - Returns: the ETag (and version id).
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func putObject(
        bucket: String,
        key: String,
        body: S3Body,
        attributes: S3ObjectAttributes = S3ObjectAttributes()
    ) async throws -> S3WriteResult {
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: bucket, key: key),
            headers: attributes.headers,
            body: .object(body)
        )
        return try await collect(request, operation: "S3.PutObject", resource: Self.resource(bucket, key)) {
            S3WriteResult(
                eTag: $0.headers.first(name: "etag").map(S3ObjectMetadata.unquote),
                versionID: $0.headers.first(name: "x-amz-version-id")
            )
        }
    }

    /// Reads an object (GetObject); the body streams.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - range: a byte range, or `nil` for the whole object.
    ///   - versionID: a specific version.
    /// - Returns: metadata and the streaming body.
    /// - Throws: ``S3Error`` (`NoSuchKey`, `InvalidRange`, …), ``AWSClientError``.
    public func getObject(
        bucket: String,
        key: String,
        range: S3ByteRange? = nil,
        versionID: String? = nil
    ) async throws -> S3ObjectContent {
        var headers: [(String, String)] = []
        if let range { headers.append(("range", range.description)) }
        let query: [(String, String?)] = versionID.map { [("versionId", $0)] } ?? []
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, key: key, query: query), headers: headers)
        let response = try await stream(request, operation: "S3.GetObject", resource: Self.resource(bucket, key))
        return S3ObjectContent(response: response)
    }

    /// Reads an object's metadata (HeadObject).
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    /// - Returns: the metadata.
    /// - Throws: ``S3Error`` with code `NotFound` (HEAD has no body, so S3 cannot say `NoSuchKey`),
    ///   ``AWSClientError``.
    public func headObject(bucket: String, key: String) async throws -> S3ObjectMetadata {
        let request = AWSRequest(method: .HEAD, url: try url(bucket: bucket, key: key))
        return try await collect(request, operation: "S3.HeadObject", resource: Self.resource(bucket, key)) {
            S3ObjectMetadata(headers: $0.headers)
        }
    }

    /// Whether an object exists: HeadObject, with 404 read as `false`.
    /// - Throws: ``S3Error`` other than 404, ``AWSClientError``.
    public func objectExists(bucket: String, key: String) async throws -> Bool {
        do {
            _ = try await headObject(bucket: bucket, key: key)
            return true
        } catch let error as S3Error where error.status == 404 {
            return false
        }
    }

    /// Deletes an object (DeleteObject). Deleting a missing key succeeds, as in S3.
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func deleteObject(bucket: String, key: String) async throws {
        let request = AWSRequest(method: .DELETE, url: try url(bucket: bucket, key: key))
        try await collect(request, operation: "S3.DeleteObject", resource: Self.resource(bucket, key)) { _ in }
    }

    /// Copies an object, possibly to another bucket (CopyObject; up to 5 GiB).
    /// - Parameters:
    ///   - sourceBucket: the source bucket.
    ///   - sourceKey: the source key.
    ///   - bucket: the destination bucket.
    ///   - key: the destination key.
    ///   - options: metadata and tagging directives, encryption.
    /// - Returns: the new object's ETag and time.
    /// - Throws: ``S3Error`` (also when S3 reports the failure inside a 200), ``AWSClientError``.
    public func copyObject(
        sourceBucket: String,
        sourceKey: String,
        bucket: String,
        key: String,
        options: S3CopyOptions = S3CopyOptions()
    ) async throws -> S3WriteResult {
        var headers = options.headers
        headers.append(("x-amz-copy-source", Self.copySource(bucket: sourceBucket, key: sourceKey)))
        let request = AWSRequest(method: .PUT, url: try url(bucket: bucket, key: key), headers: headers)
        let resource = Self.resource(bucket, key)
        return try await collect(request, operation: "S3.CopyObject", resource: resource) { response in
            var result = try S3ResponseParsing.copyObject(
                response.body.readableBytesView,
                requestID: response.headers.first(name: "x-amz-request-id"),
                resource: resource
            )
            result.versionID = response.headers.first(name: "x-amz-version-id")
            return result
        }
    }
}
