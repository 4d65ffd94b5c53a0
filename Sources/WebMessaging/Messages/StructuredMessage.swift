/// A message as the server sends it (`class: StructuredMessage`), and as history entries.
///
/// Also the reply to `echo` (text `ping`) and the server's echo of each guest message
/// (direction `Inbound`, same `tracingId`).
public struct StructuredMessage: Sendable, Equatable, Codable {
    /// The message id.
    public var id: String
    /// `Text`, `Structured` or `Event`.
    public var type: MessageType
    /// The text.
    public var text: String?
    /// `Inbound` (from the guest) or `Outbound` (to the guest).
    public var direction: MessageDirection
    /// Time and participants.
    public var channel: MessageChannel?
    /// Content items.
    public var content: [MessageContent]?
    /// Events.
    public var events: [MessageEvent]?
    /// String key/value metadata.
    public var metadata: [String: String]?
    /// `Human` or `Bot`.
    public var originatingEntity: OriginatingEntity?
    /// The message this one answers (button responses).
    public var originatingMessageId: String?

    /// Creates a message.
    public init(
        id: String,
        type: MessageType,
        text: String? = nil,
        direction: MessageDirection,
        channel: MessageChannel? = nil,
        content: [MessageContent]? = nil,
        events: [MessageEvent]? = nil,
        metadata: [String: String]? = nil,
        originatingEntity: OriginatingEntity? = nil,
        originatingMessageId: String? = nil
    ) {
        self.id = id
        self.type = type
        self.text = text
        self.direction = direction
        self.channel = channel
        self.content = content
        self.events = events
        self.metadata = metadata
        self.originatingEntity = originatingEntity
        self.originatingMessageId = originatingMessageId
    }
}
