import Foundation

/// What a guest session keeps across app restarts: its identity and the messages not yet
/// confirmed by the server.
public struct StoredSession: Sendable, Equatable, Codable {
    /// The Genesys guest session token: the guest's identity across days.
    public var token: String
    /// The deployment the token belongs to.
    public var deploymentId: String
    /// Messages waiting to be sent or confirmed, oldest first.
    public var outbox: [OutboxItem]

    /// Creates a stored session.
    public init(token: String, deploymentId: String, outbox: [OutboxItem] = []) {
        self.token = token
        self.deploymentId = deploymentId
        self.outbox = outbox
    }
}

/// One message the guest sent, kept until the server echoes it back.
public struct OutboxItem: Sendable, Equatable, Codable, Identifiable {
    /// The client message id: sent as `tracingId` and as `metadata.customMessageId`, so a resend
    /// after a lost acknowledgement can be recognised in the conversation history.
    public var id: String
    /// The text.
    public var text: String
    /// Message metadata (the file id of an upload travels here).
    public var metadata: [String: String]
    /// Custom attributes for the conversation (`channel.metadata.customAttributes`).
    public var customAttributes: [String: String]
    /// When the guest wrote it.
    public var createdAt: Date
    /// Whether it has been written to a socket at least once (then a resend must first check
    /// the history, or the server could store it twice).
    public var attempted: Bool

    /// Creates an item.
    public init(
        id: String = UUID().uuidString.lowercased(),
        text: String,
        metadata: [String: String] = [:],
        customAttributes: [String: String] = [:],
        createdAt: Date = Date(),
        attempted: Bool = false
    ) {
        self.id = id
        self.text = text
        self.metadata = metadata
        self.customAttributes = customAttributes
        self.createdAt = createdAt
        self.attempted = attempted
    }
}
