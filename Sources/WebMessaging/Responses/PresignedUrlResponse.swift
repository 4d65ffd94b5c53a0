/// `PresignedUrlResponse`: where to `PUT` a native attachment (with every header given).
public struct PresignedUrlResponse: Sendable, Equatable, Codable {
    /// The attachment id from the `onAttachment` request.
    public var attachmentId: String
    /// Headers the `PUT` must carry.
    public var headers: [String: String]
    /// The presigned URL (a secret while valid: never log it).
    public var url: String
    /// The file name.
    public var fileName: String?
    /// The size in bytes.
    public var fileSize: Int?
    /// The MIME type.
    public var fileType: String?

    /// Creates the response.
    public init(
        attachmentId: String,
        headers: [String: String] = [:],
        url: String,
        fileName: String? = nil,
        fileSize: Int? = nil,
        fileType: String? = nil
    ) {
        self.attachmentId = attachmentId
        self.headers = headers
        self.url = url
        self.fileName = fileName
        self.fileSize = fileSize
        self.fileType = fileType
    }

    private enum CodingKeys: String, CodingKey {
        case attachmentId, headers, url, fileName, fileSize, fileType
    }

    /// Decodes the response; missing `headers` read as empty.
    /// - Throws: `DecodingError` when `attachmentId` or `url` is missing.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        attachmentId = try container.decode(String.self, forKey: .attachmentId)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        url = try container.decode(String.self, forKey: .url)
        fileName = try container.decodeIfPresent(String.self, forKey: .fileName)
        fileSize = try container.decodeIfPresent(Int.self, forKey: .fileSize)
        fileType = try container.decodeIfPresent(String.self, forKey: .fileType)
    }
}
