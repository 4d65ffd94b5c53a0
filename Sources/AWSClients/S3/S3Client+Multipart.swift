import NIOCore
import NIOHTTP1

extension S3Client {
    /// Starts a multipart upload (CreateMultipartUpload).
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - attributes: content type, metadata, tags and encryption of the final object.
    ///   - checksumAlgorithm: a checksum each part then carries and S3 verifies
    ///     (``uploadPart(_:partNumber:body:)`` computes it), as the AWS SDKs do by default; `nil`
    ///     for none (parts sent through presigned URLs by browsers carry none).
    /// - Returns: the upload, with S3's upload id.
    /// - Throws: ``S3Error``, ``AWSClientError``.
    public func createMultipartUpload(
        bucket: String,
        key: String,
        attributes: S3ObjectAttributes = S3ObjectAttributes(),
        checksumAlgorithm: S3ChecksumAlgorithm? = nil
    ) async throws -> S3MultipartUpload {
        var headers = attributes.headers
        if let checksumAlgorithm { headers.append(("x-amz-checksum-algorithm", checksumAlgorithm.rawValue)) }
        let request = AWSRequest(
            method: .POST,
            url: try url(bucket: bucket, key: key, query: [("uploads", "")]),
            headers: headers
        )
        let resource = Self.resource(bucket, key)
        let uploadID = try await collect(request, operation: "S3.CreateMultipartUpload", resource: resource) {
            try S3ResponseParsing.initiateMultipartUpload($0.body.readableBytesView)
        }
        return S3MultipartUpload(bucket: bucket, key: key, uploadID: uploadID, checksumAlgorithm: checksumAlgorithm)
    }

    /// Uploads one part (UploadPart). Parts other than the last must be at least 5 MiB.
    /// - Parameters:
    ///   - upload: the upload.
    ///   - partNumber: 1…10,000.
    ///   - body: the part's bytes, with their length. For an upload with a checksum algorithm,
    ///     bytes and file regions are read once more for their checksum before sending; a stream
    ///     must bring its checksum (``S3Body/stream(_:length:sha256:crc32:)``).
    /// - Returns: the part's ETag (and checksum), needed to complete the upload.
    /// - Throws: ``S3Error`` (`NoSuchUpload`, `BadDigest`, …), ``AWSClientError``.
    public func uploadPart(_ upload: S3MultipartUpload, partNumber: Int, body: S3Body) async throws -> S3CompletedPart {
        try Self.checkPartNumber(partNumber)
        let checksum: String? = upload.checksumAlgorithm == .crc32 ? try await body.checksumCRC32() : nil
        let headers = checksum.map { [("x-amz-checksum-crc32", $0)] } ?? []
        let request = AWSRequest(
            method: .PUT,
            url: try url(bucket: upload.bucket, key: upload.key, query: Self.partQuery(upload, partNumber)),
            headers: headers,
            body: .object(body)
        )
        let resource = Self.resource(upload.bucket, upload.key)
        return try await collect(request, operation: "S3.UploadPart", resource: resource) { response in
            guard let eTag = response.headers.first(name: "etag") else {
                throw AWSClientError(.unexpectedResponse, "UploadPart answered without an ETag header")
            }
            return S3CompletedPart(
                partNumber: partNumber, eTag: S3ObjectMetadata.unquote(eTag), checksumCRC32: checksum)
        }
    }

    /// Lists one page of the parts S3 holds for an upload (ListParts).
    /// - Parameters:
    ///   - upload: the upload.
    ///   - marker: list parts after this part number (the previous page's ``S3ListPartsPage/nextPartNumberMarker``).
    ///   - maxParts: at most this many parts (S3's default and maximum is 1,000).
    /// - Returns: the page.
    /// - Throws: ``S3Error`` (`NoSuchUpload`), ``AWSClientError``.
    public func listParts(
        _ upload: S3MultipartUpload, marker: Int? = nil, maxParts: Int? = nil
    ) async throws
        -> S3ListPartsPage
    {
        var query: [(String, String?)] = [("uploadId", upload.uploadID)]
        if let marker { query.append(("part-number-marker", String(marker))) }
        if let maxParts { query.append(("max-parts", String(maxParts))) }
        let request = AWSRequest(method: .GET, url: try url(bucket: upload.bucket, key: upload.key, query: query))
        let resource = Self.resource(upload.bucket, upload.key)
        return try await collect(request, operation: "S3.ListParts", resource: resource) {
            try S3ResponseParsing.listParts($0.body.readableBytesView)
        }
    }

    /// Lists every part S3 holds for an upload, following pages: the truth for resuming.
    /// - Parameters:
    ///   - upload: the upload.
    ///   - pageSize: parts per request.
    /// - Returns: all parts, in part-number order.
    /// - Throws: ``S3Error`` (`NoSuchUpload`), ``AWSClientError``.
    public func listAllParts(_ upload: S3MultipartUpload, pageSize: Int? = nil) async throws -> [S3UploadedPart] {
        var parts: [S3UploadedPart] = []
        var marker: Int?
        while true {
            let page = try await listParts(upload, marker: marker, maxParts: pageSize)
            parts += page.parts
            guard page.isTruncated, let next = page.nextPartNumberMarker, next != marker else { return parts }
            marker = next
        }
    }

    /// Completes a multipart upload (CompleteMultipartUpload).
    ///
    /// S3 may answer 200 and report the failure in the body; that case throws an ``S3Error`` too
    /// (status 200, or 500 for `InternalError`, which is retried).
    /// - Parameters:
    ///   - upload: the upload.
    ///   - parts: every part, by part number and ETag; sorted here.
    /// - Returns: the object's location and ETag.
    /// - Throws: ``S3Error`` (`InvalidPart`, `EntityTooSmall`, `NoSuchUpload`, …), ``AWSClientError``.
    public func completeMultipartUpload(
        _ upload: S3MultipartUpload, parts: [S3CompletedPart]
    ) async throws
        -> S3CompleteMultipartUploadResult
    {
        guard !parts.isEmpty else {
            throw AWSClientError(.invalidRequest, "CompleteMultipartUpload needs at least one part")
        }
        let body = Self.completeDocument(parts)
        let request = AWSRequest(
            method: .POST,
            url: try url(bucket: upload.bucket, key: upload.key, query: [("uploadId", upload.uploadID)]),
            headers: [("content-type", "application/xml")],
            body: .bytes(body)
        )
        let resource = Self.resource(upload.bucket, upload.key)
        return try await collect(request, operation: "S3.CompleteMultipartUpload", resource: resource) { response in
            var result = try S3ResponseParsing.completeMultipartUpload(
                response.body.readableBytesView,
                requestID: response.headers.first(name: "x-amz-request-id"),
                resource: resource
            )
            result.versionID = response.headers.first(name: "x-amz-version-id")
            return result
        }
    }

    /// Abandons a multipart upload and frees its parts (AbortMultipartUpload).
    /// - Throws: ``S3Error`` (`NoSuchUpload`), ``AWSClientError``.
    public func abortMultipartUpload(_ upload: S3MultipartUpload) async throws {
        let request = AWSRequest(
            method: .DELETE,
            url: try url(bucket: upload.bucket, key: upload.key, query: [("uploadId", upload.uploadID)])
        )
        let resource = Self.resource(upload.bucket, upload.key)
        try await collect(request, operation: "S3.AbortMultipartUpload", resource: resource) { _ in }
    }

    /// Lists one page of the multipart uploads in progress in a bucket (ListMultipartUploads), e.g.
    /// to abort abandoned ones.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - prefix: only keys with this prefix.
    ///   - keyMarker: the previous page's ``S3ListMultipartUploadsPage/nextKeyMarker``.
    ///   - uploadIDMarker: the previous page's ``S3ListMultipartUploadsPage/nextUploadIDMarker``.
    ///   - maxUploads: at most this many uploads (S3's default and maximum is 1,000).
    /// - Returns: the page.
    /// - Throws: ``S3Error`` (`NoSuchBucket`), ``AWSClientError``.
    public func listMultipartUploads(
        bucket: String,
        prefix: String? = nil,
        keyMarker: String? = nil,
        uploadIDMarker: String? = nil,
        maxUploads: Int? = nil
    ) async throws -> S3ListMultipartUploadsPage {
        var query: [(String, String?)] = [("uploads", "")]
        if let prefix { query.append(("prefix", prefix)) }
        if let keyMarker { query.append(("key-marker", keyMarker)) }
        if let uploadIDMarker { query.append(("upload-id-marker", uploadIDMarker)) }
        if let maxUploads { query.append(("max-uploads", String(maxUploads))) }
        let request = AWSRequest(method: .GET, url: try url(bucket: bucket, query: query))
        return try await collect(request, operation: "S3.ListMultipartUploads", resource: Self.resource(bucket)) {
            try S3ResponseParsing.listMultipartUploads($0.body.readableBytesView, bucket: bucket)
        }
    }

    /// `partNumber` and `uploadId` query items.
    static func partQuery(_ upload: S3MultipartUpload, _ partNumber: Int) -> [(String, String?)] {
        [("partNumber", String(partNumber)), ("uploadId", upload.uploadID)]
    }

    /// Throws unless 1 ≤ partNumber ≤ 10,000.
    static func checkPartNumber(_ partNumber: Int) throws {
        guard (1...10_000).contains(partNumber) else {
            throw AWSClientError(.invalidRequest, "part number \(partNumber) is outside 1…10000")
        }
    }

    /// `<CompleteMultipartUpload><Part><PartNumber/><ETag/></Part>…`, parts in ascending order.
    static func completeDocument(_ parts: [S3CompletedPart]) -> [UInt8] {
        var writer = XMLWriter()
        writer.open("CompleteMultipartUpload", namespace: s3XMLNamespace)
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            writer.open("Part")
            writer.element("PartNumber", String(part.partNumber))
            writer.element("ETag", "\"" + S3ObjectMetadata.unquote(part.eTag) + "\"")
            if let crc32 = part.checksumCRC32 { writer.element("ChecksumCRC32", crc32) }
            writer.close("Part")
        }
        writer.close("CompleteMultipartUpload")
        return Array(writer.output.utf8)
    }
}
