/// The body of `POST /api/v2/conversations/messages/{conversationId}/communications/{communicationId}/messages`
/// (the SDKs' `AdditionalMessage`).
public struct AdditionalMessage: Sendable, Equatable, Codable {
    /// The text to send.
    public var textBody: String?
    /// Ids of uploaded media to attach (the sandbox accepts its sample attachments' ids).
    public var mediaIds: [String]?

    /// Creates a message body.
    public init(textBody: String?, mediaIds: [String]? = nil) {
        self.textBody = textBody
        self.mediaIds = mediaIds
    }
}
