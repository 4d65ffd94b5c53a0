/// An error response from S3: its HTTP status and the `<Error>` document's fields.
///
/// S3 reports failures as `<Error><Code>…</Code><Message>…</Message><Resource>…</Resource>
/// <RequestId>…</RequestId></Error>`, and for responses without a body (HEAD) only as a status.
/// ``code`` is S3's own error code (`NoSuchKey`, `SlowDown`, …); codes this client has never heard
/// of are kept as they are.
public struct S3Error: Error, CustomStringConvertible, Sendable, Equatable {
    /// An S3 error code such as `NoSuchKey`. Unknown codes are preserved verbatim.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// S3's string, e.g. `NoSuchKey`.
        public let rawValue: String

        /// Creates a code from S3's string.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Creates a code from a string literal.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// The key does not exist.
        public static let noSuchKey: Code = "NoSuchKey"
        /// The bucket does not exist.
        public static let noSuchBucket: Code = "NoSuchBucket"
        /// The multipart upload does not exist (completed, aborted or never created).
        public static let noSuchUpload: Code = "NoSuchUpload"
        /// The bucket has no tag set / the object has no tagging.
        public static let noSuchTagSet: Code = "NoSuchTagSet"
        /// The bucket has no public access block configuration.
        public static let noSuchPublicAccessBlockConfiguration: Code = "NoSuchPublicAccessBlockConfiguration"
        /// Access denied.
        public static let accessDenied: Code = "AccessDenied"
        /// The bucket already exists and belongs to the caller.
        public static let bucketAlreadyOwnedByYou: Code = "BucketAlreadyOwnedByYou"
        /// The bucket name is taken by someone else.
        public static let bucketAlreadyExists: Code = "BucketAlreadyExists"
        /// A multipart part other than the last is smaller than 5 MiB.
        public static let entityTooSmall: Code = "EntityTooSmall"
        /// A part listed in CompleteMultipartUpload was not found or its ETag does not match.
        public static let invalidPart: Code = "InvalidPart"
        /// Parts in CompleteMultipartUpload are not in ascending order.
        public static let invalidPartOrder: Code = "InvalidPartOrder"
        /// The requested range cannot be satisfied.
        public static let invalidRange: Code = "InvalidRange"
        /// A conditional request's precondition failed.
        public static let preconditionFailed: Code = "PreconditionFailed"
        /// Reduce the request rate (503).
        public static let slowDown: Code = "SlowDown"
        /// S3 had an internal error (500).
        public static let internalError: Code = "InternalError"
        /// S3 is temporarily unavailable (503).
        public static let serviceUnavailable: Code = "ServiceUnavailable"
        /// The signature does not match (wrong secret key or a signing bug).
        public static let signatureDoesNotMatch: Code = "SignatureDoesNotMatch"
        /// The presigned URL or request has expired.
        public static let expiredToken: Code = "ExpiredToken"
        /// A bodiless 404 (HEAD): the bucket or object does not exist.
        public static let notFound: Code = "NotFound"
        /// A bodiless 403 (HEAD).
        public static let forbidden: Code = "Forbidden"
        /// A bodiless 400 (HEAD).
        public static let badRequest: Code = "BadRequest"
        /// A bodiless 304 on a conditional request.
        public static let notModified: Code = "NotModified"

        /// S3's string.
        public var description: String { rawValue }
    }

    /// The HTTP status of the response (200 for CompleteMultipartUpload's error-in-body case).
    public let status: Int
    /// S3's error code.
    public let code: Code
    /// S3's message, or a synthesised one for bodiless responses.
    public let message: String
    /// The `x-amz-request-id` header or the `<RequestId>` element.
    public let requestID: String?
    /// The `<Resource>` element (bucket or key), or the bucket/key the request addressed.
    public let resource: String?
    /// The operation that failed, e.g. `S3.GetObject`.
    public let operation: String?

    /// Creates an S3 error.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - code: S3's error code.
    ///   - message: S3's message.
    ///   - requestID: the request id, if known.
    ///   - resource: the resource the error is about, if known.
    ///   - operation: the operation that failed, e.g. `S3.GetObject`.
    public init(
        status: Int,
        code: Code,
        message: String,
        requestID: String? = nil,
        resource: String? = nil,
        operation: String? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.resource = resource
        self.operation = operation
    }

    /// `[S3 NoSuchKey] S3.GetObject /bucket/key (HTTP 404, request id X): message`.
    public var description: String {
        var text = "[S3 \(code)]"
        if let operation { text += " \(operation)" }
        if let resource { text += " \(resource)" }
        var context = ["HTTP \(status)"]
        if let requestID { context.append("request id \(requestID)") }
        return text + " (\(context.joined(separator: ", "))): " + message
    }
}
