import Foundation

/// Everything the sandbox persists: conversations, sessions, attachments (bytes base64) and issued JWT ids.
/// Session tokens are stored only as hashes.
public struct SandboxSnapshot: Sendable, Equatable, Codable {
    /// The file format version.
    public var version: Int
    /// Conversations with participants and messages.
    public var conversations: [ConversationRecord]
    /// Guest sessions.
    public var sessions: [GuestSessionRecord]
    /// Attachment records.
    public var attachments: [AttachmentRecord]
    /// Attachment bytes by id.
    public var attachmentData: [String: Data]
    /// Issued guest JWTs (ids only).
    public var issuedJWTs: [IssuedJWTRecord]

    /// The current format version.
    public static let currentVersion = 1

    /// Creates a snapshot.
    public init(
        conversations: [ConversationRecord],
        sessions: [GuestSessionRecord],
        attachments: [AttachmentRecord],
        attachmentData: [String: Data],
        issuedJWTs: [IssuedJWTRecord]
    ) {
        self.version = Self.currentVersion
        self.conversations = conversations
        self.sessions = sessions
        self.attachments = attachments
        self.attachmentData = attachmentData
        self.issuedJWTs = issuedJWTs
    }
}
