/// The `message` a guest sends in `onMessage` and `echo` requests.
public struct GuestMessage: Sendable, Equatable, Codable {
    /// `Text`, `Structured` or `Event`.
    public var type: MessageType
    /// The text (for `Text` messages; also the trigger keyword for Architect).
    public var text: String?
    /// String key/value metadata (Attaché puts the file id and an idempotency id here).
    public var metadata: [String: String]?
    /// Content items (attachments by id, button responses).
    public var content: [MessageContent]?
    /// Events (typing, presence).
    public var events: [MessageEvent]?
    /// Channel, carrying custom attributes.
    public var channel: MessageChannel?

    /// Creates a message.
    public init(
        type: MessageType,
        text: String? = nil,
        metadata: [String: String]? = nil,
        content: [MessageContent]? = nil,
        events: [MessageEvent]? = nil,
        channel: MessageChannel? = nil
    ) {
        self.type = type
        self.text = text
        self.metadata = metadata
        self.content = content
        self.events = events
        self.channel = channel
    }

    /// A `Text` message, optionally with attachments (by id), metadata and custom attributes.
    public static func text(
        _ text: String,
        metadata: [String: String]? = nil,
        attachmentIds: [String] = [],
        customAttributes: [String: String]? = nil
    ) -> GuestMessage {
        GuestMessage(
            type: .text,
            text: text,
            metadata: metadata,
            content: attachmentIds.isEmpty ? nil : attachmentIds.map { .attachment(MessageAttachment(id: $0)) },
            channel: customAttributes.map(MessageChannel.customAttributes)
        )
    }

    /// An `Event` message carrying `events`, optionally with custom attributes.
    public static func events(_ events: [MessageEvent], customAttributes: [String: String]? = nil) -> GuestMessage {
        GuestMessage(type: .event, events: events, channel: customAttributes.map(MessageChannel.customAttributes))
    }
}
