import Foundation

/// A multipart upload still open in the quarantine area: started, neither completed nor aborted.
public struct PendingMultipartUpload: Sendable, Equatable {
    /// The object key it would complete into.
    public var key: String
    /// Its upload id.
    public var uploadID: String
    /// When it was started, when the store says.
    public var initiated: Date?

    /// Creates a description.
    public init(key: String, uploadID: String, initiated: Date?) {
        self.key = key
        self.uploadID = uploadID
        self.initiated = initiated
    }
}

/// An object store that can list the multipart uploads left open in its quarantine area
/// (S3's ListMultipartUploads; the embedded store's `multipart/` folders), so that abandoned
/// ones can be found and aborted (``OrphanedMultipartSweep``). Their parts cost storage and
/// are invisible to every other listing.
public protocol MultipartUploadListing: ObjectStore {
    /// Open multipart uploads under `prefix` started at or before `startedBefore`, at most
    /// `limit` of them (uploads whose start is unknown are included).
    func pendingMultipartUploads(
        prefix: String, startedBefore: Date, limit: Int
    ) async throws -> [PendingMultipartUpload]
}
