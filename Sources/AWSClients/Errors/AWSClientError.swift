/// An error raised by the AWS clients themselves rather than reported by the service.
///
/// Service-side errors are ``S3Error`` and ``SQSError``. This type covers everything else:
/// responses that cannot be understood (malformed, truncated or non-UTF-8 bodies), requests that
/// cannot be built, transport failures and exhausted retry budgets. ``code`` is stable and meant
/// for programs; ``message`` is meant for people and says what to check.
public struct AWSClientError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A stable identifier for a kind of client-side failure.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable string form, e.g. `MalformedResponse`.
        public let rawValue: String

        /// Creates a code from its string form.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The response body is not well-formed XML or JSON.
        public static let malformedResponse = Code(rawValue: "MalformedResponse")
        /// The response body ended before the document was complete.
        public static let truncatedResponse = Code(rawValue: "TruncatedResponse")
        /// The response body is not valid UTF-8.
        public static let nonUTF8Response = Code(rawValue: "NonUTF8Response")
        /// The response is well-formed but lacks something the operation needs (an element, a header).
        public static let unexpectedResponse = Code(rawValue: "UnexpectedResponse")
        /// The response body is larger than the client is willing to buffer.
        public static let responseTooLarge = Code(rawValue: "ResponseTooLarge")
        /// The request cannot be built from the given arguments.
        public static let invalidRequest = Code(rawValue: "InvalidRequest")
        /// The connection failed, was refused, reset or timed out.
        public static let connectionFailed = Code(rawValue: "ConnectionFailed")
        /// The overall retry deadline passed before the operation succeeded.
        public static let deadlineExceeded = Code(rawValue: "DeadlineExceeded")
        /// Credentials could not be obtained or the request could not be signed.
        public static let signingFailed = Code(rawValue: "SigningFailed")

        /// The string form.
        public var description: String { rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// A human-readable explanation that says what to check.
    public let message: String
    /// The operation that failed, e.g. `S3.GetObject`, when known.
    public let operation: String?
    /// The HTTP status of the response, when there was one.
    public let status: Int?
    /// The request id the service returned, when there was one.
    public let requestID: String?

    /// Creates a client error.
    /// - Parameters:
    ///   - code: the stable kind of failure.
    ///   - message: a human-readable explanation.
    ///   - operation: the operation that failed, e.g. `S3.GetObject`.
    ///   - status: the HTTP status, if a response arrived.
    ///   - requestID: the service's request id, if any.
    public init(
        _ code: Code,
        _ message: String,
        operation: String? = nil,
        status: Int? = nil,
        requestID: String? = nil
    ) {
        self.code = code
        self.message = message
        self.operation = operation
        self.status = status
        self.requestID = requestID
    }

    /// A copy of this error that names the operation, keeping an operation already set.
    func withContext(operation name: String, status: Int? = nil, requestID: String? = nil) -> AWSClientError {
        AWSClientError(
            code,
            message,
            operation: operation ?? name,
            status: self.status ?? status,
            requestID: self.requestID ?? requestID
        )
    }

    /// `[Code] operation (HTTP status, request id): message`.
    public var description: String {
        var context: [String] = []
        if let status { context.append("HTTP \(status)") }
        if let requestID { context.append("request id \(requestID)") }
        var text = "[\(code)]"
        if let operation { text += " \(operation)" }
        if !context.isEmpty { text += " (\(context.joined(separator: ", ")))" }
        return text + ": " + message
    }
}
