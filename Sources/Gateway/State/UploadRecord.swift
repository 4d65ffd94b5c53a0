import Foundation

/// One upload as the state store holds it.
///
/// The object key is derived from the file id only (``objectKey(forFileId:)``); the guest's
/// filename is data, sanitised before it is stored.
public struct UploadRecord: Sendable, Equatable, Codable {
    /// The 128-bit random id, hex: the only name the outside world sees.
    public var fileId: String
    /// The guest who asked for the ticket.
    public var guestId: String
    /// The key in both object areas: `uploads/<fileId>` (``objectKey(forFileId:)``); the stores
    /// refuse any other, and find a record by key through its file id.
    public var objectKey: String
    /// The sanitised display filename.
    public var filename: String
    /// The MIME type the guest declared.
    public var contentType: String
    /// The size the guest declared, in bytes.
    public var size: Int64
    /// The SHA-256 the guest declared (lowercase hex), if any.
    public var sha256: String?
    /// The multipart upload id, when the upload is multipart.
    public var uploadId: String?
    /// The part size of a multipart upload, in bytes.
    public var partSize: Int64?
    /// The current state.
    public var state: UploadState
    /// Why the file was rejected or expired.
    public var reason: String?
    /// The type the scanner detected from the bytes.
    public var detectedType: String?
    /// When the ticket was issued.
    public var createdAt: Date
    /// When the record last changed.
    public var updatedAt: Date
    /// The Genesys conversation the file belongs to, once known.
    public var conversationId: String?

    /// Creates a record.
    public init(
        fileId: String,
        guestId: String,
        objectKey: String? = nil,
        filename: String,
        contentType: String,
        size: Int64,
        sha256: String? = nil,
        uploadId: String? = nil,
        partSize: Int64? = nil,
        state: UploadState = .awaitingUpload,
        reason: String? = nil,
        detectedType: String? = nil,
        createdAt: Date,
        updatedAt: Date? = nil,
        conversationId: String? = nil
    ) {
        self.fileId = fileId
        self.guestId = guestId
        self.objectKey = objectKey ?? Self.objectKey(forFileId: fileId)
        self.filename = filename
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.uploadId = uploadId
        self.partSize = partSize
        self.state = state
        self.reason = reason
        self.detectedType = detectedType
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.conversationId = conversationId
    }

    /// The object key for a file id: `uploads/<fileId>`, never anything from the filename.
    public static func objectKey(forFileId fileId: String) -> String {
        "uploads/" + fileId
    }

    /// The file id in an object key made by ``objectKey(forFileId:)``, or `nil` for other keys.
    public static func fileId(fromObjectKey key: String) -> String? {
        guard key.hasPrefix("uploads/") else { return nil }
        let id = String(key.dropFirst("uploads/".count))
        return id.isEmpty || id.contains("/") ? nil : id
    }
}
