import Foundation

/// Signs AWS requests with Signature Version 4: `Authorization` headers and presigned URLs.
///
/// Output is byte-identical to botocore's `SigV4Auth`/`S3SigV4Auth` (headers) and
/// `SigV4QueryAuth`/`S3SigV4QueryAuth` (presigned URLs). For S3 (service names starting with
/// `s3`) the path is used as given (encoded once, no normalisation) and `x-amz-content-sha256`
/// is sent; for other services the path is normalised and encoded twice, as AWS specifies.
///
/// The URL's path and query must already be encoded (use ``AWSURIEncoding``): the signer signs
/// what is sent. Signing keys are cached per (secret, date, region, service).
public struct SigV4Signer: Sendable {
    /// A header as a name and a value, in the order it is sent.
    public typealias Header = (name: String, value: String)

    /// The credentials that sign.
    public let credentials: AWSCredentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public let region: String
    /// The service of the credential scope, e.g. `s3` or `sqs`.
    public let service: String
    /// Whether S3's rules apply (no path normalisation, single encoding, `x-amz-content-sha256`).
    public let isS3: Bool
    /// Whether the path is normalised and encoded again (every service but S3).
    let normalizesPath: Bool
    /// Whether header signing sends `x-amz-content-sha256` (S3).
    let sendsContentHash: Bool

    /// Creates a signer.
    ///
    /// - Parameters:
    ///   - credentials: the credentials; empty keys make every signing call throw `emptyCredentials`.
    ///   - region: the region, e.g. `us-east-1`.
    ///   - service: the signing name of the service, e.g. `s3`, `sqs`.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.init(credentials: credentials, region: region, service: service, s3Rules: service.hasPrefix("s3"))
    }

    /// Creates a signer with S3's rules on or off, whatever the service name.
    init(credentials: AWSCredentials, region: String, service: String, s3Rules: Bool) {
        self.init(
            credentials: credentials,
            region: region,
            service: service,
            isS3: s3Rules,
            normalizesPath: !s3Rules,
            sendsContentHash: s3Rules
        )
    }

    /// Creates a signer with each rule chosen separately (AWS's generic test suite needs this).
    init(
        credentials: AWSCredentials,
        region: String,
        service: String,
        isS3: Bool,
        normalizesPath: Bool,
        sendsContentHash: Bool
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.isS3 = isS3
        self.normalizesPath = normalizesPath
        self.sendsContentHash = sendsContentHash
    }

    /// Signs a request with an `Authorization` header.
    ///
    /// - Parameters:
    ///   - method: the HTTP method (`GET`, `PUT`, …).
    ///   - url: the absolute URL with an encoded path and query.
    ///   - headers: the headers to send and sign (`content-type`, `x-amz-*`, …); repeated names
    ///     are joined with commas, values are trimmed and inner runs of spaces collapsed.
    ///   - payload: the body's hash, the body itself, `.empty`, or `.unsigned`.
    ///   - date: the signing time (injectable for tests).
    /// - Returns: the complete header list to send: yours, plus `host` (if absent), `x-amz-date`,
    ///   `x-amz-security-token` (with a session token), `x-amz-content-sha256` (S3, or unsigned
    ///   payloads) and `authorization`.
    /// - Throws: ``SigningError`` for empty credentials, an empty region or service, a URL without
    ///   host, or a malformed payload hash.
    public func signHeaders(
        method: String,
        url: URL,
        headers: [Header] = [],
        payload: SigV4Payload = .empty,
        date: Date = Date()
    ) throws(SigningError) -> [Header] {
        try signHeaders(method: method, urlString: url.absoluteString, headers: headers, payload: payload, date: date)
    }

    /// Signs a request given as URL text with an `Authorization` header.
    ///
    /// The same as ``signHeaders(method:url:headers:payload:date:)`` for callers that hold the URL as text.
    /// - Throws: ``SigningError`` as ``signHeaders(method:url:headers:payload:date:)``, and
    ///   `invalidURL` when the text is not an absolute URL.
    public func signHeaders(
        method: String,
        urlString: String,
        headers: [Header] = [],
        payload: SigV4Payload = .empty,
        date: Date = Date()
    ) throws(SigningError) -> [Header] {
        try headerSigning(method: method, urlString: urlString, headers: headers, payload: payload, date: date).headers
    }

    /// Presigns a URL: the signature travels in the query string, valid for `expires` seconds.
    ///
    /// - Parameters:
    ///   - method: the HTTP method the URL is for (`GET`, `PUT`, …).
    ///   - url: the absolute URL with an encoded path; its query parameters (`partNumber`,
    ///     `uploadId`, `response-content-disposition`, …) are kept and signed.
    ///   - headers: headers the client must send with exactly these values (`content-type`,
    ///     `content-length`, `x-amz-tagging`, `x-amz-server-side-encryption`, …); they are signed.
    ///   - expires: validity in seconds, 1 … 604800 (7 days).
    ///   - date: the signing time (injectable for tests).
    /// - Returns: the URL with `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
    ///   `X-Amz-SignedHeaders`, `X-Amz-Security-Token` (with a session token) and `X-Amz-Signature`.
    /// - Throws: ``SigningError`` for an expiry out of range, empty credentials, an empty region or
    ///   service, or a URL without host.
    public func presign(
        method: String,
        url: URL,
        headers: [Header] = [],
        expires: Int,
        date: Date = Date()
    ) throws(SigningError) -> URL {
        let text = try presign(
            method: method,
            urlString: url.absoluteString,
            headers: headers,
            expires: expires,
            date: date
        )
        guard let signed = URL(string: text) else {
            throw SigningError.invalidURL(RawURL.redacted(url.absoluteString), reason: "the signed URL is not valid")
        }
        return signed
    }

    /// Presigns a URL given as text; the fastest form.
    ///
    /// The same as ``presign(method:url:headers:expires:date:)``, returning the URL's text.
    /// - Throws: ``SigningError`` as ``presign(method:url:headers:expires:date:)``, and
    ///   `invalidURL` when the text is not an absolute URL.
    public func presign(
        method: String,
        urlString: String,
        headers: [Header] = [],
        expires: Int,
        date: Date = Date()
    ) throws(SigningError) -> String {
        try querySigning(
            method: method,
            urlString: urlString,
            headers: headers,
            expires: expires,
            date: date,
            recordStages: false
        ).url
    }

    /// Throws unless the credentials and scope can sign.
    func validate() throws(SigningError) {
        guard !credentials.accessKeyID.isEmpty, !credentials.secretAccessKey.isEmpty else {
            throw SigningError.emptyCredentials
        }
        guard !region.isEmpty, !service.isEmpty else { throw SigningError.invalidScope }
    }
}
