/// `deleteAttachment`: delete an uploaded attachment that has not been sent yet.
public struct DeleteAttachmentRequest: Sendable, Equatable, Codable {
    /// The guest's session token.
    public var token: String
    /// The attachment id.
    public var attachmentId: String
    /// The request's tracing id.
    public var tracingId: String?

    /// Creates the request.
    public init(token: String, attachmentId: String, tracingId: String? = nil) {
        self.token = token
        self.attachmentId = attachmentId
        self.tracingId = tracingId
    }
}
