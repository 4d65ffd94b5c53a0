import Foundation

/// The parts of the Genesys Cloud platform API the gateway calls, with the gateway's own OAuth
/// client credentials (or, for ``userId(forUserToken:)``, an agent's token).
///
/// ``GenesysPlatformClient`` talks HTTP to Genesys Cloud or the sandbox; tests of pure access
/// logic may use an in-memory fake.
public protocol GenesysPlatform: Sendable {
    /// `GET /api/v2/conversations/{conversationId}`: the conversation with its participants, or
    /// `nil` when Genesys answers 404.
    /// - Throws: ``GenesysPlatformError`` when Genesys cannot be reached or refuses the client.
    func conversation(id: String) async throws -> GenesysConversation?

    /// Posts a message into a conversation through the Conversations API (the agent-side
    /// communication the gateway uses for system notices), with `metadata` carried along.
    /// - Throws: ``GenesysPlatformError``.
    func sendMessage(conversationId: String, text: String, metadata: [String: String]) async throws

    /// `GET /api/v2/users/me` with an agent's own access token: the user id it belongs to, or
    /// `nil` when Genesys rejects the token (401).
    /// - Throws: ``GenesysPlatformError`` for anything other than a clean yes or no.
    func userId(forUserToken token: String) async throws -> String?
}

/// A conversation as the gateway needs it: who takes part, and in which state.
public struct GenesysConversation: Sendable, Equatable {
    /// The conversation id.
    public var id: String
    /// Every participant, customers and agents.
    public var participants: [GenesysParticipant]

    /// Creates a conversation.
    public init(id: String, participants: [GenesysParticipant]) {
        self.id = id
        self.participants = participants
    }

    /// Whether the user is an agent participant whose message communication is `connected`
    /// right now (not alerting, not disconnected).
    public func isConnectedAgent(userId: String) -> Bool {
        participants.contains { $0.purpose == "agent" && $0.userId == userId && $0.isConnected }
    }
}

/// One participant of a ``GenesysConversation``.
public struct GenesysParticipant: Sendable, Equatable {
    /// The participant id.
    public var id: String
    /// `customer`, `agent`, `workflow`, …, as Genesys names it.
    public var purpose: String
    /// The user id, for agents.
    public var userId: String?
    /// The states of the participant's message communications (`alerting`, `connected`,
    /// `disconnected`).
    public var communicationStates: [String]
    /// The participant's message communication ids, in the order Genesys lists them.
    public var communicationIds: [String]

    /// Creates a participant.
    public init(
        id: String,
        purpose: String,
        userId: String?,
        communicationStates: [String],
        communicationIds: [String] = []
    ) {
        self.id = id
        self.purpose = purpose
        self.userId = userId
        self.communicationStates = communicationStates
        self.communicationIds = communicationIds
    }

    /// Whether any of its communications is `connected`.
    public var isConnected: Bool {
        communicationStates.contains("connected")
    }
}

/// Why a call to the Genesys platform API failed.
public struct GenesysPlatformError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, when Genesys answered.
    public var status: Int?
    /// What went wrong, for logs (never a token or secret).
    public var message: String
    /// Whether the request may have taken effect although no answer came back (the connection
    /// failed after the request was sent, or the answer timed out). Retrying such a request may
    /// repeat it: a notice posted "at most once" must not be retried.
    public var outcomeUnknown: Bool

    /// Creates an error.
    public init(status: Int?, message: String, outcomeUnknown: Bool = false) {
        self.status = status
        self.message = message
        self.outcomeUnknown = outcomeUnknown
    }

    public var description: String {
        status.map { "Genesys platform API: HTTP \($0): \(message)" } ?? "Genesys platform API: \(message)"
    }
}
