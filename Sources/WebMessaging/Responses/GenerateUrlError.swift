/// `GenerateUrlError`: no upload URL could be generated for an `onAttachment` request.
public struct GenerateUrlError: Sendable, Equatable, Codable {
    /// The attachment id.
    public var attachmentId: String
    /// Why, e.g. ``ErrorCode/fileTypeInvalid``.
    public var errorCode: ErrorCode
    /// A human-readable reason.
    public var errorMessage: String

    /// Creates the error body.
    public init(attachmentId: String, errorCode: ErrorCode, errorMessage: String) {
        self.attachmentId = attachmentId
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }
}
