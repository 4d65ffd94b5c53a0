/// `UploadSuccessEvent`: a native attachment was uploaded and accepted.
public struct UploadSuccessEvent: Sendable, Equatable, Codable {
    /// The attachment id.
    public var attachmentId: String
    /// A download URL (a secret while valid: never log it).
    public var downloadUrl: String
    /// When, ISO-8601.
    public var timestamp: String

    /// Creates the event.
    public init(attachmentId: String, downloadUrl: String, timestamp: String) {
        self.attachmentId = attachmentId
        self.downloadUrl = downloadUrl
        self.timestamp = timestamp
    }
}
