import Foundation

/// A guest session: one session token and the conversation it currently points at.
public struct GuestSessionRecord: Sendable, Equatable, Codable {
    /// Where the session stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Open: the guest may configure sockets and send.
        case active
        /// Closed by `closeSession`; only `configureSession` with `startNew: true` reopens it.
        case closed
        /// Expired after inactivity; the next `configureSession` starts a new conversation.
        case expired
    }

    /// The SHA-256 (hex) of the session token.
    public var tokenHash: String
    /// The deployment of the session.
    public var deploymentId: String
    /// The current conversation.
    public var conversationId: String
    /// When the session began.
    public var createdAt: Date
    /// The last guest activity (configure, message, attachment).
    public var lastActivityAt: Date
    /// Active, closed or expired.
    public var status: Status

    /// Creates a session.
    public init(
        tokenHash: String,
        deploymentId: String,
        conversationId: String,
        createdAt: Date,
        lastActivityAt: Date,
        status: Status = .active
    ) {
        self.tokenHash = tokenHash
        self.deploymentId = deploymentId
        self.conversationId = conversationId
        self.createdAt = createdAt
        self.lastActivityAt = lastActivityAt
        self.status = status
    }
}
