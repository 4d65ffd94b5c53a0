import Foundation

/// A conversation participant as the sandbox stores it: the customer (guest) or an agent.
public struct ParticipantRecord: Sendable, Equatable, Codable, Identifiable {
    /// Whom the participant stands for.
    public struct Purpose: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The wire text (`customer`, `agent`), as Genesys spells participant purposes.
        public var rawValue: String

        /// Creates a purpose from its wire text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The guest.
        public static let customer = Purpose(rawValue: "customer")
        /// A contact-center agent.
        public static let agent = Purpose(rawValue: "agent")

        /// The wire text.
        public var description: String { rawValue }
    }

    /// A participant's state, as Genesys spells it.
    public struct State: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        /// The wire text (`alerting`, `connected`, `disconnected`).
        public var rawValue: String

        /// Creates a state from its wire text.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Offered to an agent, not yet accepted.
        public static let alerting = State(rawValue: "alerting")
        /// Taking part.
        public static let connected = State(rawValue: "connected")
        /// Left the conversation.
        public static let disconnected = State(rawValue: "disconnected")

        /// The wire text.
        public var description: String { rawValue }
    }

    /// The participant id (a UUID).
    public var id: String
    /// Customer or agent.
    public var purpose: Purpose
    /// Alerting, connected or disconnected.
    public var state: State
    /// The agent's user id (`nil` for the customer).
    public var userId: String?
    /// The display name.
    public var name: String
    /// Participant attributes (set by `PATCH …/participants/{id}/attributes` or custom attributes).
    public var attributes: [String: String]
    /// When the participant joined.
    public var startedAt: Date
    /// When the participant became connected.
    public var connectedAt: Date?
    /// When the participant disconnected.
    public var endedAt: Date?

    /// Creates a participant.
    public init(
        id: String = UUID().uuidString.lowercased(),
        purpose: Purpose,
        state: State,
        userId: String? = nil,
        name: String,
        attributes: [String: String] = [:],
        startedAt: Date,
        connectedAt: Date? = nil,
        endedAt: Date? = nil
    ) {
        self.id = id
        self.purpose = purpose
        self.state = state
        self.userId = userId
        self.name = name
        self.attributes = attributes
        self.startedAt = startedAt
        self.connectedAt = connectedAt
        self.endedAt = endedAt
    }
}
