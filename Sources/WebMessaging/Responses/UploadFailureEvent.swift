/// `UploadFailureEvent`: a native attachment upload was rejected (type, size, content…).
public struct UploadFailureEvent: Sendable, Equatable, Codable {
    /// The attachment id.
    public var attachmentId: String
    /// Why, e.g. ``ErrorCode/fileTypeInvalid``.
    public var errorCode: ErrorCode
    /// A human-readable reason.
    public var errorMessage: String
    /// When, ISO-8601.
    public var timestamp: String?

    /// Creates the event.
    public init(attachmentId: String, errorCode: ErrorCode, errorMessage: String, timestamp: String? = nil) {
        self.attachmentId = attachmentId
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.timestamp = timestamp
    }
}
