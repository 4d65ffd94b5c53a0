import Foundation

/// What survives a restart of an unfinished upload: enough to send only the missing parts.
///
/// Saved right after the ticket is issued and again after every acknowledged part.
public struct UploadResumeState: Codable, Sendable, Equatable {
    /// The caller's key for this upload (by default the file's path, size and modification time).
    public var key: String
    /// The gateway's file id.
    public var fileId: String
    /// The object store's multipart upload id (`nil` for a single PUT).
    public var uploadId: String?
    /// The part size of a multipart upload.
    public var partSize: Int64
    /// The number of parts.
    public var partCount: Int
    /// The file's size in bytes.
    public var size: Int64
    /// The filename sent in the ticket.
    public var filename: String
    /// The declared content type.
    public var contentType: String
    /// The ETag of every acknowledged part, by part number.
    public var etags: [Int: String]

    /// Creates a state.
    public init(
        key: String, fileId: String, uploadId: String?, partSize: Int64, partCount: Int, size: Int64,
        filename: String, contentType: String, etags: [Int: String] = [:]
    ) {
        self.key = key
        self.fileId = fileId
        self.uploadId = uploadId
        self.partSize = partSize
        self.partCount = partCount
        self.size = size
        self.filename = filename
        self.contentType = contentType
        self.etags = etags
    }

    /// Bytes of the parts already acknowledged.
    public var acknowledgedBytes: Int64 {
        etags.keys.reduce(0) { $0 + partLength($1) }
    }

    /// The length of part `number` (1-based): `partSize`, or what is left for the last part.
    public func partLength(_ number: Int) -> Int64 {
        let offset = Int64(number - 1) * partSize
        return max(0, min(partSize, size - offset))
    }
}
