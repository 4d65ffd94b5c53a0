import Foundation

/// The retention class of an upload: which period applies to it and which object area holds
/// what retention deletes.
public enum RetentionArea: String, Sendable, Hashable, Codable, CaseIterable {
    /// A clean file of a guest bound to a conversation (`ATTACHE_RETENTION_CLEAN_DAYS`).
    case clean
    /// A clean file whose guest was never bound to a conversation
    /// (`ATTACHE_RETENTION_UNCLAIMED_DAYS`).
    case unclaimed
    /// A file the scanner refused, kept in quarantine (`ATTACHE_RETENTION_REJECTED_DAYS`).
    case rejected
    /// Un-promoted leftovers: aborted, expired or never completed uploads
    /// (`ATTACHE_RETENTION_QUARANTINE_DAYS`).
    case quarantine

    /// The object area the file's bytes are in.
    public var objectArea: ObjectArea {
        switch self {
        case .clean, .unclaimed: .clean
        case .rejected, .quarantine: .quarantine
        }
    }
}

/// The cut-offs of one retention pass: an upload last changed at or before its area's cut-off
/// has expired.
public struct RetentionCutoffs: Sendable, Equatable {
    /// Clean files of bound guests.
    public var clean: Date
    /// Clean files of never-bound guests.
    public var unclaimed: Date
    /// Rejected files.
    public var rejected: Date
    /// `expired` and never completed (`awaiting_upload`) uploads.
    public var quarantine: Date

    /// Creates cut-offs.
    public init(clean: Date, unclaimed: Date, rejected: Date, quarantine: Date) {
        self.clean = clean
        self.unclaimed = unclaimed
        self.rejected = rejected
        self.quarantine = quarantine
    }
}

/// An expired upload claimed by one retention sweeper.
public struct RetentionCandidate: Sendable, Equatable {
    /// The file.
    public var fileId: String
    /// Its object key (the same in both areas).
    public var objectKey: String
    /// Its state when claimed; the mark succeeds only if it is unchanged.
    public var state: UploadState
    /// Which period expired.
    public var area: RetentionArea
    /// Its multipart upload id, if any (an unfinished multipart upload is aborted).
    public var uploadId: String?
    /// When it last changed: its age is measured from here.
    public var updatedAt: Date

    /// Creates a candidate.
    public init(
        fileId: String, objectKey: String, state: UploadState, area: RetentionArea, uploadId: String?,
        updatedAt: Date
    ) {
        self.fileId = fileId
        self.objectKey = objectKey
        self.state = state
        self.area = area
        self.uploadId = uploadId
        self.updatedAt = updatedAt
    }
}

/// What an erasure found (``RetentionStore/eraseUpload(fileId:guestId:at:audit:)``).
public enum ErasureOutcome: Sendable, Equatable {
    /// The upload was marked `deleted` now (and audited); `previous` is the state it had.
    case erased(objectKey: String, uploadId: String?, previous: UploadState)
    /// The upload was already `deleted` (erased or removed by retention); nothing was written.
    case alreadyDeleted(objectKey: String, uploadId: String?)
    /// No upload with this id belongs to this guest; nothing was written.
    case notFound
}

/// The state retention and erasure read and write.
///
/// Several replicas sweep at once: ``claimExpiredUploads(cutoffs:claimant:at:staleBefore:limit:)``
/// takes each expired upload for exactly one of them (a compare-and-set of the claim columns in
/// SQLite's serialised write transaction; `FOR UPDATE SKIP LOCKED` in PostgreSQL), and
/// ``markRetentionDeleted(_:claimant:at:audit:)`` marks it `deleted` and appends its audit entry
/// in one transaction, only for the claim's holder.
public protocol RetentionStore: Sendable {
    /// Claims up to `limit` expired uploads that are not deleted and not claimed (or whose claim
    /// was taken at or before `staleBefore`), oldest first.
    func claimExpiredUploads(
        cutoffs: RetentionCutoffs, claimant: String, at: Date, staleBefore: Date, limit: Int
    ) async throws -> [RetentionCandidate]

    /// Marks a claimed upload `deleted` (reason `retention:<area>`) and appends `audit`, in one
    /// transaction, only if `claimant` still holds the claim and the state is unchanged.
    /// - Returns: whether this call marked it.
    func markRetentionDeleted(
        _ candidate: RetentionCandidate, claimant: String, at: Date, audit: AuditEntry
    ) async throws -> Bool

    /// Gives a claim back after its objects could not be deleted; a later pass retries.
    func releaseRetentionClaim(fileId: String, claimant: String) async throws

    /// Erases a guest's upload: marks it `deleted` (reason `erased`) and appends `audit` in one
    /// transaction, if it belongs to `guestId` and is not deleted yet.
    func eraseUpload(fileId: String, guestId: String, at: Date, audit: AuditEntry) async throws -> ErasureOutcome

    /// The object keys of uploads erased at or after `since`, oldest first: the sweeper deletes
    /// their objects again, in case a scan that was running during the erasure promoted the file
    /// afterwards.
    func erasedObjectKeys(since: Date, limit: Int) async throws -> [String]
}

extension RetentionStore {
    /// The reason a retention mark writes: `retention:<area>`.
    public static func retentionReason(_ area: RetentionArea) -> String {
        "retention:" + area.rawValue
    }
}

/// The reason an erasure writes.
public let erasureReason = "erased"
