import AWSSigning
import Foundation
import NIOHTTP1

extension S3Client {
    /// Presigns any S3 object request: the signature travels in the query string.
    ///
    /// No request is sent; only credentials are fetched.
    /// - Parameters:
    ///   - method: the method (`GET`, `PUT`, `HEAD`, `DELETE`, …).
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - expires: validity, 1 s … 7 days.
    ///   - query: extra query parameters, signed (`partNumber`, `uploadId`,
    ///     `response-content-disposition`, `response-content-type`, …).
    ///   - headers: headers the client must send with exactly these values, signed
    ///     (`content-type`, `content-length`, `x-amz-tagging`, `x-amz-server-side-encryption`, …).
    ///   - date: the signing time.
    /// - Returns: the URL and the headers bound into it.
    /// - Throws: ``AWSClientError`` (`invalidRequest` for a bad bucket, key or expiry;
    ///   `signingFailed` without credentials).
    public func presignedURL(
        method: HTTPMethod,
        bucket: String,
        key: String,
        expires: Duration,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        date: Date = Date()
    ) async throws -> S3PresignedRequest {
        let seconds = Int(expires.components.seconds)
        guard (SigningError.minimumExpiry...SigningError.maximumExpiry).contains(seconds) else {
            throw AWSClientError(
                .invalidRequest,
                "presigned URL expiry \(expires) is outside 1 s … 7 days",
                operation: "S3.Presign"
            )
        }
        let sortedQuery = query.sorted { $0.key < $1.key }.map { ($0.key, Optional($0.value)) }
        let target = try url(bucket: bucket, key: key, query: sortedQuery)
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        let signedHeaders = lowered.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        do {
            let signer = SigV4Signer(
                credentials: try await credentials.credentials(),
                region: configuration.region,
                service: "s3"
            )
            let signed = try signer.presign(
                method: method.rawValue,
                urlString: target,
                headers: signedHeaders,
                expires: seconds,
                date: date
            )
            return S3PresignedRequest(
                method: method.rawValue,
                url: signed,
                headers: lowered,
                expiresAt: date.addingTimeInterval(TimeInterval(seconds))
            )
        } catch let error as SigningError {
            throw AWSClientError(.signingFailed, error.description, operation: "S3.Presign")
        } catch let error as CredentialsError {
            throw AWSClientError(.signingFailed, "no AWS credentials: \(error.description)", operation: "S3.Presign")
        }
    }

    /// Presigns a GET that makes the browser download (or show) the object as the given file.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - expires: validity.
    ///   - responseContentDisposition: overrides `Content-Disposition`, e.g. `attachment; filename="a.pdf"`.
    ///   - responseContentType: overrides `Content-Type`.
    ///   - date: the signing time.
    /// - Returns: the presigned request.
    /// - Throws: as ``presignedURL(method:bucket:key:expires:query:headers:date:)``.
    public func presignedGetURL(
        bucket: String,
        key: String,
        expires: Duration,
        responseContentDisposition: String? = nil,
        responseContentType: String? = nil,
        date: Date = Date()
    ) async throws -> S3PresignedRequest {
        var query: [String: String] = [:]
        query["response-content-disposition"] = responseContentDisposition
        query["response-content-type"] = responseContentType
        return try await presignedURL(
            method: .GET, bucket: bucket, key: key, expires: expires, query: query, date: date)
    }

    /// Presigns a single PUT of a whole object, binding its type, size and attributes.
    /// - Parameters:
    ///   - bucket: the bucket.
    ///   - key: the key.
    ///   - expires: validity.
    ///   - contentLength: the exact size the client must upload, when known.
    ///   - attributes: content type, metadata, tags, encryption the client must send.
    ///   - date: the signing time.
    /// - Returns: the presigned request; its ``S3PresignedRequest/headers`` must be sent as given.
    /// - Throws: as ``presignedURL(method:bucket:key:expires:query:headers:date:)``.
    public func presignedPutURL(
        bucket: String,
        key: String,
        expires: Duration,
        contentLength: Int64? = nil,
        attributes: S3ObjectAttributes = S3ObjectAttributes(),
        date: Date = Date()
    ) async throws -> S3PresignedRequest {
        var headers = Dictionary(attributes.headers, uniquingKeysWith: { $1 })
        if let contentLength { headers["content-length"] = String(contentLength) }
        return try await presignedURL(
            method: .PUT, bucket: bucket, key: key, expires: expires, headers: headers, date: date)
    }

    /// Presigns an UploadPart: a PUT with `partNumber` and `uploadId` in the signed query.
    /// - Parameters:
    ///   - upload: the upload.
    ///   - partNumber: 1…10,000.
    ///   - expires: validity.
    ///   - contentLength: the exact part size, when known.
    ///   - date: the signing time.
    /// - Returns: the presigned request.
    /// - Throws: as ``presignedURL(method:bucket:key:expires:query:headers:date:)``.
    public func presignedUploadPartURL(
        _ upload: S3MultipartUpload,
        partNumber: Int,
        expires: Duration,
        contentLength: Int64? = nil,
        date: Date = Date()
    ) async throws -> S3PresignedRequest {
        try Self.checkPartNumber(partNumber)
        var headers: [String: String] = [:]
        if let contentLength { headers["content-length"] = String(contentLength) }
        return try await presignedURL(
            method: .PUT,
            bucket: upload.bucket,
            key: upload.key,
            expires: expires,
            query: ["partNumber": String(partNumber), "uploadId": upload.uploadID],
            headers: headers,
            date: date
        )
    }
}
