import Foundation

/// Where the gateway keeps uploads, guests, scan results and the audit log.
///
/// SQLite through GRDB (``GRDBUploadStateStore``) is the default; PostgreSQL slots in later
/// behind the same protocol. Every method is safe to call from many tasks and replicas:
/// ``transition(fileId:from:to:reason:audit:)`` is a compare-and-set, which is what makes the
/// scan pipeline idempotent under duplicate and out-of-order events.
public protocol UploadStateStore: Sendable {
    // MARK: Uploads

    /// Stores a new upload.
    /// - Throws: ``UploadStateStoreError/duplicate(kind:id:)`` when the file id exists.
    func createUpload(_ record: UploadRecord) async throws
    /// The upload with this file id, or `nil`.
    func upload(fileId: String) async throws -> UploadRecord?
    /// The upload stored under this object key, or `nil`.
    func upload(objectKey: String) async throws -> UploadRecord?
    /// A guest's uploads, newest first.
    func uploads(guestId: String) async throws -> [UploadRecord]
    /// The declared bytes of a guest's uploads in the given states (for the quota).
    func totalSize(guestId: String, states: Set<UploadState>) async throws -> Int64
    /// Moves an upload to `to` only if its current state is one of `from`, atomically, and in
    /// the same transaction appends `audit` when given.
    /// - Returns: `true` when this call made the transition; `false` when the state was not one
    ///   of `from` (someone else got there first) or the upload does not exist.
    func transition(
        fileId: String,
        from: [UploadState],
        to: UploadState,
        reason: String?,
        audit: AuditEntry?
    ) async throws -> Bool
    /// Takes over a `scanning` upload whose scan was abandoned (a replica died mid-scan): moves
    /// `updated_at` to now only if the upload is still `scanning` and was last updated at or before
    /// `staleBefore`, atomically. Of several replicas racing for the same stale scan exactly one
    /// gets `true` (a plain `scanning → scanning` transition would let them all through).
    func takeOverStaleScan(fileId: String, staleBefore: Date) async throws -> Bool
    /// Moves a `scanning` upload's `updated_at` to `now`, so that a scan still in progress is not
    /// mistaken for an abandoned one (``takeOverStaleScan(fileId:staleBefore:)``); the scan worker
    /// calls it periodically while it holds the claim.
    /// - Returns: `false` when the upload is no longer `scanning`.
    func refreshScan(fileId: String, now: Date) async throws -> Bool
    /// Sets the multipart upload id and part size of an upload.
    func setMultipart(fileId: String, uploadId: String, partSize: Int64) async throws
    /// Records the Genesys conversation a file belongs to.
    func setConversation(fileId: String, conversationId: String) async throws

    // MARK: Scan results

    /// Records one scan's outcome and copies its detected type onto the upload.
    func recordScanResult(_ result: ScanResultRecord) async throws
    /// Every scan result recorded for a file, oldest first.
    func scanResults(fileId: String) async throws -> [ScanResultRecord]

    // MARK: Audit log (append-only)

    /// Appends an entry; returns it with its sequence number.
    @discardableResult
    func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry
    /// The audit entries, oldest first, for one file or (with `nil`) all.
    func auditEntries(fileId: String?) async throws -> [AuditEntry]

    // MARK: Guests

    /// Stores a guest, or refreshes `lastSeenAt` of the guest with the same session-token hash
    /// and deployment; returns the stored guest.
    func upsertGuest(_ guest: GuestRecord) async throws -> GuestRecord
    /// The guest with this id, or `nil`.
    func guest(id: String) async throws -> GuestRecord?
}

extension UploadStateStore {
    /// ``transition(fileId:from:to:reason:audit:)`` without an audit entry.
    public func transition(
        fileId: String,
        from: [UploadState],
        to: UploadState,
        reason: String? = nil
    ) async throws -> Bool {
        try await transition(fileId: fileId, from: from, to: to, reason: reason, audit: nil)
    }
}

extension UploadState {
    /// The `updated_at` a stale-scan take-over writes (every backend): now, but always after
    /// `staleBefore`, so a racer with the same cut-off finds the scan fresh even when this
    /// replica's clock is behind.
    static func takeOverTime(after staleBefore: Date) -> Date {
        max(Date(), staleBefore.addingTimeInterval(0.001))
    }
}
