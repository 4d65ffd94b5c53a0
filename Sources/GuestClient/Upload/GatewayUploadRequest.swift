import Foundation

/// A local file to upload through the gateway.
public struct GatewayUploadRequest: Sendable {
    /// The file on disk (read part by part, never whole).
    public var fileURL: URL
    /// The name the agent sees (default: the file's last path component).
    public var filename: String
    /// The declared MIME type (the gateway checks it against the bytes).
    public var contentType: String
    /// The SHA-256 of the bytes, lowercase hex, if known (the gateway verifies it).
    public var sha256: String?
    /// The key of the resume state (default: path, size and modification time, so an edited
    /// file starts over).
    public var resumeKey: String?
    /// A file id from an earlier attempt whose local resume state was lost: the uploader asks
    /// the gateway which parts it holds (`GET /v1/uploads/{id}/parts`) and sends the rest.
    public var fileId: String?

    /// Creates a request.
    public init(
        fileURL: URL, filename: String? = nil, contentType: String, sha256: String? = nil,
        resumeKey: String? = nil, fileId: String? = nil
    ) {
        self.fileURL = fileURL
        self.filename = filename ?? fileURL.lastPathComponent
        self.contentType = contentType
        self.sha256 = sha256
        self.resumeKey = resumeKey
        self.fileId = fileId
    }

    /// The resume key: ``resumeKey``, else `path|size|mtime`.
    public var effectiveResumeKey: String {
        if let resumeKey { return resumeKey }
        let path = fileURL.standardizedFileURL.path
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(path)|\(size)|\(modified)"
    }
}

/// How far one file's upload has come.
public struct GatewayUploadProgress: Sendable, Equatable {
    /// The gateway's file id.
    public var fileId: String
    /// The filename.
    public var filename: String
    /// Bytes the object store has acknowledged (parts sent earlier included).
    public var bytesSent: Int64
    /// The file's size.
    public var totalBytes: Int64
    /// Parts acknowledged.
    public var partsSent: Int
    /// Parts in all (1 for a single PUT).
    public var partCount: Int
    /// The part this event reports (`nil` for the first event of a run, which reports what an
    /// earlier run already sent).
    public var part: Int?

    /// `bytesSent / totalBytes`, in `0 ... 1`.
    public var fraction: Double {
        totalBytes > 0 ? Double(bytesSent) / Double(totalBytes) : 1
    }
}

/// A finished upload: completed at the gateway, which scans it next.
public struct GatewayUploadResult: Sendable, Equatable {
    /// The file id (send it as message metadata `attacheFileId`).
    public var fileId: String
    /// The state after completion (`uploaded`, or later if the scan was quick).
    public var state: GatewayUploadState
    /// The file's size.
    public var size: Int64
    /// Parts sent by this run (fewer than the part count when it resumed).
    public var partsSent: Int
    /// Whether this run continued an earlier one.
    public var resumed: Bool
}
