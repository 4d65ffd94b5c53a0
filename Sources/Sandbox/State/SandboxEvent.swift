import WebMessaging

/// A change the platform side and the agent console may react to.
public enum SandboxEvent: Sendable, Equatable {
    /// A guest started a conversation.
    case conversationStarted(ConversationRecord)
    /// A guest sent a message (text, attachments, events), already stored.
    case inboundMessage(InboundMessageEvent)
    /// A message went out to the guest (agent or system).
    case outboundMessage(MessageRecord)
    /// A participant changed (accepted, disconnected, attributes patched).
    case participantChanged(conversationId: String, participant: ParticipantRecord)
    /// The contact center ended the conversation (now read-only for the guest).
    case conversationEnded(conversationId: String)
}

/// A guest message as trigger rules see it.
public struct InboundMessageEvent: Sendable, Equatable {
    /// The conversation id.
    public var conversationId: String
    /// The deployment the guest came through.
    public var deploymentId: String
    /// The customer participant's id.
    public var customerParticipantId: String
    /// The stored record (message, time, custom attributes).
    public var record: MessageRecord

    /// Creates an event.
    public init(conversationId: String, deploymentId: String, customerParticipantId: String, record: MessageRecord) {
        self.conversationId = conversationId
        self.deploymentId = deploymentId
        self.customerParticipantId = customerParticipantId
        self.record = record
    }

    /// The message text, if any.
    public var text: String? { record.message.text }
}
