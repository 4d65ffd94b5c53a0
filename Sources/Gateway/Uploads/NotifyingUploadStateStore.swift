import Foundation

/// A state store that signals an ``UploadStateBroadcaster`` after every successful transition,
/// so guests following a file over SSE learn of changes made by any component (the pipeline,
/// the recovery sweeper) without that component knowing about SSE.
public struct NotifyingUploadStateStore: UploadStateStore {
    /// The store doing the work.
    public let base: any UploadStateStore
    /// Who is told.
    public let broadcaster: UploadStateBroadcaster

    /// Wraps a store.
    public init(base: any UploadStateStore, broadcaster: UploadStateBroadcaster) {
        self.base = base
        self.broadcaster = broadcaster
    }

    public func transition(
        fileId: String,
        from: [UploadState],
        to: UploadState,
        reason: String?,
        audit: AuditEntry?
    ) async throws -> Bool {
        let changed = try await base.transition(fileId: fileId, from: from, to: to, reason: reason, audit: audit)
        if changed { await broadcaster.publish(fileId: fileId) }
        return changed
    }

    public func recordScanResult(_ result: ScanResultRecord) async throws {
        try await base.recordScanResult(result)
        await broadcaster.publish(fileId: result.fileId)
    }

    public func createUpload(_ record: UploadRecord) async throws { try await base.createUpload(record) }
    public func upload(fileId: String) async throws -> UploadRecord? { try await base.upload(fileId: fileId) }
    public func upload(objectKey: String) async throws -> UploadRecord? {
        try await base.upload(objectKey: objectKey)
    }
    public func uploads(guestId: String) async throws -> [UploadRecord] { try await base.uploads(guestId: guestId) }
    public func totalSize(guestId: String, states: Set<UploadState>) async throws -> Int64 {
        try await base.totalSize(guestId: guestId, states: states)
    }
    public func takeOverStaleScan(fileId: String, staleBefore: Date) async throws -> Bool {
        try await base.takeOverStaleScan(fileId: fileId, staleBefore: staleBefore)
    }
    public func setMultipart(fileId: String, uploadId: String, partSize: Int64) async throws {
        try await base.setMultipart(fileId: fileId, uploadId: uploadId, partSize: partSize)
    }
    public func setConversation(fileId: String, conversationId: String) async throws {
        try await base.setConversation(fileId: fileId, conversationId: conversationId)
    }
    public func scanResults(fileId: String) async throws -> [ScanResultRecord] {
        try await base.scanResults(fileId: fileId)
    }
    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry { try await base.appendAudit(entry) }
    public func auditEntries(fileId: String?) async throws -> [AuditEntry] {
        try await base.auditEntries(fileId: fileId)
    }
    public func upsertGuest(_ guest: GuestRecord) async throws -> GuestRecord { try await base.upsertGuest(guest) }
    public func guest(id: String) async throws -> GuestRecord? { try await base.guest(id: id) }
}

extension NotifyingUploadStateStore: UploadQuotaStore {
    public func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        try await base.createUploadWithinQuota(record, audit: audit, quota: quota, countedStates: countedStates)
    }
}
