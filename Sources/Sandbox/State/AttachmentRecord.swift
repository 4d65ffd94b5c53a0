import Foundation

/// A file known to the sandbox: a guest's native upload or an agent's attachment.
public struct AttachmentRecord: Sendable, Equatable, Codable, Identifiable {
    /// Where the attachment stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// A presigned URL was handed out; no bytes yet.
        case pending
        /// The bytes arrived and passed the deployment's checks.
        case uploaded
        /// Deleted by the guest.
        case deleted
    }

    /// The attachment id (the client's UUID for guest uploads).
    public var id: String
    /// The session token hash of the uploading guest (`nil` for agent attachments).
    public var sessionTokenHash: String?
    /// The conversation it belongs to.
    public var conversationId: String?
    /// The file name as given (data, never a path).
    public var fileName: String
    /// The MIME type as declared.
    public var mimeType: String
    /// The size in bytes (declared until uploaded, then actual).
    public var size: Int
    /// The SHA-256 (hex) of the uploaded bytes.
    public var sha256: String?
    /// Pending, uploaded or deleted.
    public var status: Status
    /// The random secret in the upload and download URLs (never logged).
    public var urlSecret: String
    /// When the record was created.
    public var createdAt: Date

    /// Creates a record.
    public init(
        id: String,
        sessionTokenHash: String?,
        conversationId: String?,
        fileName: String,
        mimeType: String,
        size: Int,
        sha256: String? = nil,
        status: Status,
        urlSecret: String,
        createdAt: Date
    ) {
        self.id = id
        self.sessionTokenHash = sessionTokenHash
        self.conversationId = conversationId
        self.fileName = fileName
        self.mimeType = mimeType
        self.size = size
        self.sha256 = sha256
        self.status = status
        self.urlSecret = urlSecret
        self.createdAt = createdAt
    }
}
