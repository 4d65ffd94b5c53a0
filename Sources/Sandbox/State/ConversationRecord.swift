import Foundation

/// A web-messaging conversation as the sandbox stores it.
public struct ConversationRecord: Sendable, Equatable, Codable, Identifiable {
    /// Where the conversation stands from the contact center's point of view.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// No agent connected yet (queued, or alerting an agent).
        case waiting
        /// An agent is connected.
        case active
        /// The contact center disconnected it: the guest's session is read-only.
        case ended
    }

    /// The conversation id (a UUID).
    public var id: String
    /// The deployment the guest came through.
    public var deploymentId: String
    /// The SHA-256 (hex) of the guest's session token; the token itself is never stored.
    public var sessionTokenHash: String
    /// When the conversation started.
    public var createdAt: Date
    /// The customer first, then agents in the order they joined.
    public var participants: [ParticipantRecord]
    /// Messages, oldest first.
    public var messages: [MessageRecord]
    /// Whether the contact center disconnected the conversation (the guest may no longer send).
    public var readOnly: Bool
    /// When the conversation ended, if it did.
    public var endedAt: Date?

    /// Creates a conversation.
    public init(
        id: String,
        deploymentId: String,
        sessionTokenHash: String,
        createdAt: Date,
        participants: [ParticipantRecord],
        messages: [MessageRecord] = [],
        readOnly: Bool = false,
        endedAt: Date? = nil
    ) {
        self.id = id
        self.deploymentId = deploymentId
        self.sessionTokenHash = sessionTokenHash
        self.createdAt = createdAt
        self.participants = participants
        self.messages = messages
        self.readOnly = readOnly
        self.endedAt = endedAt
    }

    /// Waiting, active or ended.
    public var status: Status {
        if readOnly { return .ended }
        return participants.contains { $0.purpose == .agent && $0.state == .connected } ? .active : .waiting
    }

    /// The customer (guest) participant.
    public var customer: ParticipantRecord? {
        participants.first { $0.purpose == .customer }
    }

    /// The agent participants, in the order they joined.
    public var agents: [ParticipantRecord] {
        participants.filter { $0.purpose == .agent }
    }

    /// The agent participant for this user id, if any.
    public func agent(userId: String) -> ParticipantRecord? {
        participants.last { $0.purpose == .agent && $0.userId == userId }
    }

    /// Whether this user is a connected agent of the conversation right now.
    public func isConnectedAgent(userId: String) -> Bool {
        participants.contains { $0.purpose == .agent && $0.userId == userId && $0.state == .connected }
    }

    /// When the last message (or the start) happened.
    public var lastActivityAt: Date {
        messages.last?.sentAt ?? createdAt
    }
}
