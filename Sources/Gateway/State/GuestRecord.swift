import Foundation

/// A guest known to the gateway: the hash of a Genesys session token, never the token.
public struct GuestRecord: Sendable, Equatable, Codable {
    /// The gateway's id for the guest (random, hex).
    public var guestId: String
    /// SHA-256 of the Genesys session token, lowercase hex.
    public var sessionTokenHash: String
    /// The Genesys web-messaging deployment the session belongs to.
    public var deploymentId: String
    /// When the guest first appeared.
    public var createdAt: Date
    /// When the guest last obtained a credential.
    public var lastSeenAt: Date

    /// Creates a record.
    public init(guestId: String, sessionTokenHash: String, deploymentId: String, createdAt: Date, lastSeenAt: Date) {
        self.guestId = guestId
        self.sessionTokenHash = sessionTokenHash
        self.deploymentId = deploymentId
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}
