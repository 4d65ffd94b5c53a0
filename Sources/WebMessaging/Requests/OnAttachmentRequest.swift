/// `onAttachment`: ask Genesys for a presigned URL to upload a native attachment.
///
/// Attaché's own uploads go to the company's S3 instead; this request is modelled so the sandbox
/// can answer SDKs that use it.
public struct OnAttachmentRequest: Sendable, Equatable, Codable {
    /// The guest's session token.
    public var token: String
    /// A client-generated attachment id (UUID).
    public var attachmentId: String
    /// The file name.
    public var fileName: String
    /// The declared MIME type.
    public var fileType: String
    /// The size in bytes.
    public var fileSize: Int?
    /// The MD5 of the content, as the client computed it.
    public var fileMd5: String?
    /// Ask for errors as JSON (`UploadFailureEvent`, `GenerateUrlError`) rather than text.
    public var errorsAsJson: Bool
    /// The request's tracing id.
    public var tracingId: String?

    /// Creates the request.
    public init(
        token: String,
        attachmentId: String,
        fileName: String,
        fileType: String,
        fileSize: Int? = nil,
        fileMd5: String? = nil,
        errorsAsJson: Bool = true,
        tracingId: String? = nil
    ) {
        self.token = token
        self.attachmentId = attachmentId
        self.fileName = fileName
        self.fileType = fileType
        self.fileSize = fileSize
        self.fileMd5 = fileMd5
        self.errorsAsJson = errorsAsJson
        self.tracingId = tracingId
    }

    private enum CodingKeys: String, CodingKey {
        case token, attachmentId, fileName, fileType, fileSize, fileMd5, errorsAsJson, tracingId
    }

    /// Decodes the request; a missing `errorsAsJson` reads as `false`.
    /// - Throws: `DecodingError` when a required field is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        attachmentId = try container.decode(String.self, forKey: .attachmentId)
        fileName = try container.decode(String.self, forKey: .fileName)
        fileType = try container.decode(String.self, forKey: .fileType)
        fileSize = try container.decodeIfPresent(Int.self, forKey: .fileSize)
        fileMd5 = try container.decodeIfPresent(String.self, forKey: .fileMd5)
        errorsAsJson = try container.decodeIfPresent(Bool.self, forKey: .errorsAsJson) ?? false
        tracingId = try container.decodeIfPresent(String.self, forKey: .tracingId)
    }
}
