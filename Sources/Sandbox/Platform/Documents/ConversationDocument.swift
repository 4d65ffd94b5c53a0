/// `GET /api/v2/conversations/{conversationId}`: a conversation with its participants and,
/// per participant, its message communications (the SDKs' `Conversation` / `Participant` /
/// `Message` models; only the fields the sandbox knows).
public struct ConversationDocument: Sendable, Equatable, Codable {
    /// One message communication of a participant (`participants[].messages[]`).
    public struct Communication: Sendable, Equatable, Codable {
        /// The communication id.
        public var id: String
        /// `alerting`, `connected` or `disconnected`.
        public var state: String
        /// The state the communication started in.
        public var initialState: String
        /// `inbound` for the customer, `outbound` for agents.
        public var direction: String
        /// Always `webmessaging`.
        public var type: String
        /// Whether the communication is held.
        public var held: Bool
        /// When it became connected.
        public var connectedTime: String?
        /// When it disconnected.
        public var disconnectedTime: String?
    }

    /// One participant (`participants[]`).
    public struct Participant: Sendable, Equatable, Codable {
        /// The participant id.
        public var id: String
        /// When the participant joined.
        public var startTime: String
        /// When the participant left.
        public var endTime: String?
        /// When the participant connected.
        public var connectedTime: String?
        /// A display name.
        public var name: String?
        /// The user's API path (agents).
        public var userUri: String?
        /// The user id (agents).
        public var userId: String?
        /// `customer` or `agent`.
        public var purpose: String
        /// `Internal` for users, `External` for customers.
        public var participantType: String
        /// Participant attributes.
        public var attributes: [String: String]
        /// Message communications.
        public var messages: [Communication]
    }

    /// The conversation id.
    public var id: String
    /// When the conversation started.
    public var startTime: String
    /// When it ended.
    public var endTime: String?
    /// `connected` while anyone takes part, `disconnected` once it ended (Genesys's
    /// `ConversationState`-style summary).
    public var state: String
    /// The participants.
    public var participants: [Participant]
    /// The conversation's API path.
    public var selfUri: String

    /// Renders a sandbox conversation.
    public init(_ conversation: ConversationRecord) {
        self.id = conversation.id
        self.startTime = PlatformTime.string(from: conversation.createdAt)
        self.endTime = conversation.endedAt.map(PlatformTime.string(from:))
        self.state = conversation.endedAt == nil ? "connected" : "disconnected"
        self.selfUri = "/api/v2/conversations/\(conversation.id)"
        self.participants = conversation.participants.map { participant in
            let connected = participant.connectedAt.map(PlatformTime.string(from:))
            let ended = participant.endedAt.map(PlatformTime.string(from:))
            let isCustomer = participant.purpose == .customer
            let communication = Communication(
                id: participant.communicationId,
                state: participant.state.rawValue,
                initialState: isCustomer ? "connected" : "alerting",
                direction: isCustomer ? "inbound" : "outbound",
                type: "webmessaging",
                held: false,
                connectedTime: connected,
                disconnectedTime: participant.state == .disconnected ? ended : nil
            )
            return Participant(
                id: participant.id,
                startTime: PlatformTime.string(from: participant.startedAt),
                endTime: ended,
                connectedTime: connected,
                name: participant.name,
                userUri: participant.userId.map { "/api/v2/users/\($0)" },
                userId: participant.userId,
                purpose: participant.purpose.rawValue,
                participantType: participant.userId == nil ? "External" : "Internal",
                attributes: participant.attributes,
                messages: [communication]
            )
        }
    }
}
