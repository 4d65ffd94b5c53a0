/// The answer to a sent message (the SDKs' `MessageData`; only the fields the sandbox knows).
public struct MessageDataDocument: Sendable, Equatable, Codable {
    /// The message id.
    public var id: String
    /// When it was sent.
    public var timestamp: String
    /// `outbound` (to the customer).
    public var direction: String
    /// Always `webmessaging`.
    public var messengerType: String
    /// The text.
    public var textBody: String?
    /// `sent`.
    public var status: String
    /// The conversation id.
    public var conversationId: String
    /// The message's API path.
    public var selfUri: String

    /// Creates a message document.
    public init(id: String, timestamp: String, textBody: String?, conversationId: String) {
        self.id = id
        self.timestamp = timestamp
        self.direction = "outbound"
        self.messengerType = "webmessaging"
        self.textBody = textBody
        self.status = "sent"
        self.conversationId = conversationId
        self.selfUri = "/api/v2/conversations/messages/\(conversationId)/messages/\(id)"
    }
}
