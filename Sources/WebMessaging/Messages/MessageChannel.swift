/// A message's `channel`: timing and participants on messages from the server, custom attributes
/// (`channel.metadata.customAttributes`) on messages from the guest.
public struct MessageChannel: Sendable, Equatable, Codable {
    /// `channel.metadata`, where a guest puts custom attributes for Architect.
    public struct Metadata: Sendable, Equatable, Codable {
        /// String key/value pairs (Genesys caps their total size; see `maxCustomDataBytes`).
        public var customAttributes: [String: String]

        /// Creates channel metadata.
        public init(customAttributes: [String: String]) {
            self.customAttributes = customAttributes
        }
    }

    /// When the message happened, ISO-8601 with milliseconds.
    public var time: String?
    /// The channel's message id.
    public var messageId: String?
    /// The channel type, e.g. `Private`.
    public var type: String?
    /// The recipient.
    public var to: Participant?
    /// The sender.
    public var from: Participant?
    /// Custom attributes sent by the guest.
    public var metadata: Metadata?

    /// Creates a channel.
    public init(
        time: String? = nil,
        messageId: String? = nil,
        type: String? = nil,
        to: Participant? = nil,
        from: Participant? = nil,
        metadata: Metadata? = nil
    ) {
        self.time = time
        self.messageId = messageId
        self.type = type
        self.to = to
        self.from = from
        self.metadata = metadata
    }

    /// A channel carrying only custom attributes, as a guest sends it.
    public static func customAttributes(_ attributes: [String: String]) -> MessageChannel {
        MessageChannel(metadata: Metadata(customAttributes: attributes))
    }
}
