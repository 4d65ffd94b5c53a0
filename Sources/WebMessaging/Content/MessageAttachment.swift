/// The `attachment` of an `Attachment` content item (named so as not to clash with Swift Testing's `Attachment`).
///
/// A guest sending an attachment fills only ``id``; messages from the server also carry the
/// download URL, file name, media type, MIME type and size.
public struct MessageAttachment: Sendable, Equatable, Codable {
    /// The attachment id.
    public var id: String
    /// The (short-lived) download URL.
    public var url: String?
    /// The file name shown to users.
    public var filename: String?
    /// Genesys' coarse media type (`Image`, `Video`, `Audio`, `File`).
    public var mediaType: AttachmentMediaType?
    /// The MIME type.
    public var mime: String?
    /// The size in bytes.
    public var fileSize: Int?
    /// The SHA-256 of the content, hex.
    public var sha256: String?
    /// An optional caption.
    public var text: String?

    /// Creates an attachment.
    public init(
        id: String,
        url: String? = nil,
        filename: String? = nil,
        mediaType: AttachmentMediaType? = nil,
        mime: String? = nil,
        fileSize: Int? = nil,
        sha256: String? = nil,
        text: String? = nil
    ) {
        self.id = id
        self.url = url
        self.filename = filename
        self.mediaType = mediaType
        self.mime = mime
        self.fileSize = fileSize
        self.sha256 = sha256
        self.text = text
    }
}
