/// A state store that admits a new upload against a guest's quota atomically: the guest's
/// current total and the insert happen in one transaction, so concurrent ticket requests cannot
/// together take a guest past the quota.
public protocol UploadQuotaStore: UploadStateStore {
    /// Stores `record` (and `audit`, in the same transaction) only if the declared bytes of the
    /// guest's uploads in `countedStates`, plus `record.size`, stay within `quota`. `audit`
    /// records this admission: it is filed under `record.fileId`, whatever its own `fileId`.
    /// - Returns: ``QuotaAdmission/admitted`` when stored; ``QuotaAdmission/refused(usedBytes:)``
    ///   with the bytes already in use when not (nothing is stored then).
    /// - Throws: ``UploadStateStoreError/duplicate(kind:id:)`` when the file id exists, or
    ///   ``UploadStateStoreError/database(_:)``.
    func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission
}

/// The answer of ``UploadQuotaStore/createUpload(_:audit:withinQuota:countedStates:)``.
public enum QuotaAdmission: Sendable, Equatable {
    /// The upload was stored.
    case admitted
    /// The quota would be exceeded; nothing was stored. `usedBytes` is what the guest already holds.
    case refused(usedBytes: Int64)
}

extension UploadStateStore {
    /// Stores `record` (and `audit`) within the guest's quota: atomically when the store is an
    /// ``UploadQuotaStore``; otherwise (a store without transactions) by reading the total and
    /// then inserting, which two concurrent requests can both pass.
    /// - Returns: Whether the upload was admitted.
    public func createUploadWithinQuota(
        _ record: UploadRecord, audit: AuditEntry?, quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        if let store = self as? any UploadQuotaStore {
            return try await store.createUpload(
                record, audit: audit, withinQuota: quota, countedStates: countedStates)
        }
        let used = try await totalSize(guestId: record.guestId, states: countedStates)
        let (total, overflow) = used.addingReportingOverflow(record.size)
        guard !overflow, total <= quota else { return .refused(usedBytes: used) }
        try await createUpload(record)
        if var audit {
            audit.fileId = record.fileId
            try await appendAudit(audit)
        }
        return .admitted
    }
}
