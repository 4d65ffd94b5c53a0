/// The guest's answer to a quick reply, card action or date picker (`contentType: ButtonResponse`).
public struct ButtonResponse: Sendable, Equatable, Codable {
    /// The label that was chosen.
    public var text: String
    /// The payload of the chosen option.
    public var payload: String
    /// The kind of reply, e.g. `QuickReply`, `Button`.
    public var type: String
    /// The id of the message that offered the option.
    public var originatingMessageId: String?

    /// Creates a button response.
    public init(text: String, payload: String, type: String, originatingMessageId: String? = nil) {
        self.text = text
        self.payload = payload
        self.type = type
        self.originatingMessageId = originatingMessageId
    }
}
