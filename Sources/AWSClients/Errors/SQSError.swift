/// An error response from SQS (JSON protocol): `{"__type": "…", "message": "…"}`.
///
/// `__type` may be a bare code (`QueueDoesNotExist`) or namespaced
/// (`com.amazonaws.sqs#QueueDoesNotExist`); ``code`` holds the part after `#`.
public struct SQSError: Error, CustomStringConvertible, Sendable, Equatable {
    /// An SQS error code such as `QueueDoesNotExist`. Unknown codes are preserved verbatim.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
        ExpressibleByStringLiteral
    {
        /// The code as SQS spells it.
        public let rawValue: String

        /// Creates a code from SQS's string.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Creates a code from a string literal.
        public init(stringLiteral value: String) { self.rawValue = value }

        /// The queue does not exist.
        public static let queueDoesNotExist: Code = "QueueDoesNotExist"
        /// The receipt handle is not valid (or has expired for ChangeMessageVisibility).
        public static let receiptHandleIsInvalid: Code = "ReceiptHandleIsInvalid"
        /// The message is not in flight (ChangeMessageVisibility).
        public static let messageNotInflight: Code = "MessageNotInflight"
        /// A parameter value is invalid.
        public static let invalidParameterValue: Code = "InvalidParameterValue"
        /// The address is not a valid queue URL / the request is not valid.
        public static let invalidAddress: Code = "InvalidAddress"
        /// Too many requests.
        public static let requestThrottled: Code = "RequestThrottled"
        /// Too many requests (newer spelling).
        public static let throttlingException: Code = "ThrottlingException"
        /// A queue with this name was deleted less than 60 s ago.
        public static let queueDeletedRecently: Code = "QueueDeletedRecently"
        /// The queue exists with different attributes.
        public static let queueNameExists: Code = "QueueNameExists"
        /// Batch entry ids are not distinct.
        public static let batchEntryIdsNotDistinct: Code = "BatchEntryIdsNotDistinct"
        /// SQS had an internal error.
        public static let internalError: Code = "InternalError"
        /// SQS is temporarily unavailable.
        public static let serviceUnavailable: Code = "ServiceUnavailable"

        /// The code as SQS spells it.
        public var description: String { rawValue }
    }

    /// The HTTP status of the response.
    public let status: Int
    /// The error code, without any `namespace#` prefix.
    public let code: Code
    /// SQS's message.
    public let message: String
    /// The `x-amzn-RequestId` header, when present.
    public let requestID: String?
    /// The operation that failed, e.g. `SQS.ReceiveMessage`.
    public let operation: String?

    /// Creates an SQS error.
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - code: the error code.
    ///   - message: SQS's message.
    ///   - requestID: the request id, if known.
    ///   - operation: the operation that failed.
    public init(status: Int, code: Code, message: String, requestID: String? = nil, operation: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
        self.operation = operation
    }

    /// `[SQS QueueDoesNotExist] SQS.GetQueueUrl (HTTP 400, request id X): message`.
    public var description: String {
        var text = "[SQS \(code)]"
        if let operation { text += " \(operation)" }
        var context = ["HTTP \(status)"]
        if let requestID { context.append("request id \(requestID)") }
        return text + " (\(context.joined(separator: ", "))): " + message
    }
}
