/// `GET /api/v2/conversations/messages/{conversationId}`: the messaging view of a conversation
/// (the SDKs' `MessageConversation` / `MessageMediaParticipant` models; only the fields the
/// sandbox knows).
public struct MessageConversationDocument: Sendable, Equatable, Codable {
    /// One participant (`MessageMediaParticipant`).
    public struct Participant: Sendable, Equatable, Codable {
        /// The participant id.
        public var id: String
        /// A display name.
        public var name: String?
        /// When the participant joined.
        public var startTime: String
        /// When the participant connected.
        public var connectedTime: String?
        /// When the participant left.
        public var endTime: String?
        /// `customer` or `agent`.
        public var purpose: String
        /// `alerting`, `connected` or `disconnected`.
        public var state: String
        /// `inbound` for the customer, `outbound` for agents.
        public var direction: String
        /// Whether the participant is held.
        public var held: Bool
        /// The user (agents).
        public var user: EntityReference?
        /// Participant attributes.
        public var attributes: [String: String]
        /// Always `webmessaging`.
        public var type: String
    }

    /// The conversation id.
    public var id: String
    /// The participants.
    public var participants: [Participant]
    /// The conversation's API path.
    public var selfUri: String

    /// Renders a sandbox conversation.
    public init(_ conversation: ConversationRecord) {
        self.id = conversation.id
        self.selfUri = "/api/v2/conversations/messages/\(conversation.id)"
        self.participants = conversation.participants.map { participant in
            Participant(
                id: participant.id,
                name: participant.name,
                startTime: PlatformTime.string(from: participant.startedAt),
                connectedTime: participant.connectedAt.map(PlatformTime.string(from:)),
                endTime: participant.endedAt.map(PlatformTime.string(from:)),
                purpose: participant.purpose.rawValue,
                state: participant.state.rawValue,
                direction: participant.purpose == .customer ? "inbound" : "outbound",
                held: false,
                user: participant.userId.map(EntityReference.user),
                attributes: participant.attributes,
                type: "webmessaging"
            )
        }
    }
}
