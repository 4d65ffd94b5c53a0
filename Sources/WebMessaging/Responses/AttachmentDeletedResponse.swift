/// `AttachmentDeletedResponse`: the answer to `deleteAttachment`.
public struct AttachmentDeletedResponse: Sendable, Equatable, Codable {
    /// The deleted attachment's id.
    public var attachmentId: String

    /// Creates the response.
    public init(attachmentId: String) {
        self.attachmentId = attachmentId
    }
}
