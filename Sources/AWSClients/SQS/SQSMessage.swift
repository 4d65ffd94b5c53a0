import Foundation

/// A message received from SQS.
public struct SQSMessage: Sendable, Equatable {
    /// SQS's message id.
    public var messageID: String
    /// The handle that deletes the message or changes its visibility (valid for this receive).
    public var receiptHandle: String
    /// The body.
    public var body: String
    /// The MD5 of the body, as SQS computed it.
    public var md5OfBody: String?
    /// System attributes (`ApproximateReceiveCount`, `SentTimestamp`, …), as strings.
    public var attributes: [String: String]
    /// String-typed message attributes (binary ones are left out).
    public var messageAttributes: [String: String]

    /// Creates a message.
    public init(
        messageID: String,
        receiptHandle: String,
        body: String,
        md5OfBody: String? = nil,
        attributes: [String: String] = [:],
        messageAttributes: [String: String] = [:]
    ) {
        self.messageID = messageID
        self.receiptHandle = receiptHandle
        self.body = body
        self.md5OfBody = md5OfBody
        self.attributes = attributes
        self.messageAttributes = messageAttributes
    }

    /// How many times the message has been received, this time included.
    public var approximateReceiveCount: Int? {
        attributes["ApproximateReceiveCount"].flatMap { Int($0) }
    }

    /// When the message was sent (`SentTimestamp`, epoch milliseconds).
    public var sentTimestamp: Date? {
        attributes["SentTimestamp"].flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0 / 1000) }
    }

    /// When the message was first received (`ApproximateFirstReceiveTimestamp`).
    public var approximateFirstReceiveTimestamp: Date? {
        attributes["ApproximateFirstReceiveTimestamp"].flatMap { Double($0) }
            .map { Date(timeIntervalSince1970: $0 / 1000) }
    }
}

/// The outcome of DeleteMessageBatch: which entries succeeded and which failed.
public struct SQSBatchResult: Sendable, Equatable {
    /// One failed entry.
    public struct Failure: Sendable, Equatable {
        /// The entry id the caller chose.
        public var id: String
        /// The error code, e.g. `ReceiptHandleIsInvalid`.
        public var code: String
        /// SQS's message.
        public var message: String?
        /// Whether the caller's request was at fault.
        public var senderFault: Bool

        /// Creates a failure.
        public init(id: String, code: String, message: String?, senderFault: Bool) {
            self.id = id
            self.code = code
            self.message = message
            self.senderFault = senderFault
        }
    }

    /// The ids of the entries that succeeded.
    public var successful: [String]
    /// The entries that failed.
    public var failed: [Failure]

    /// Creates a result.
    public init(successful: [String], failed: [Failure]) {
        self.successful = successful
        self.failed = failed
    }
}
