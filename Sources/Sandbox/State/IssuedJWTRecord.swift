import Foundation

/// A guest JWT the sandbox issued (the token itself is not kept, only its id).
public struct IssuedJWTRecord: Sendable, Equatable, Codable {
    /// The JWT's `jti`.
    public var id: String
    /// The session it was issued to.
    public var tokenHash: String
    /// When it expires.
    public var expiresAt: Date
    /// Whether `closeSession` revoked it.
    public var revoked: Bool

    /// Creates a record.
    public init(id: String, tokenHash: String, expiresAt: Date, revoked: Bool = false) {
        self.id = id
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
        self.revoked = revoked
    }
}
