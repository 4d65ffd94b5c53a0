import Foundation

extension ObservedUploadStateStore: RetentionStore {
    /// The wrapped store as a ``RetentionStore``, or an error when it is not one.
    private var retentionBase: any RetentionStore {
        get throws {
            guard let store = base as? any RetentionStore else {
                throw UploadStateStoreError.database("the state store does not support retention and erasure")
            }
            return store
        }
    }

    public func claimExpiredUploads(
        cutoffs: RetentionCutoffs, claimant: String, at: Date, staleBefore: Date, limit: Int
    ) async throws -> [RetentionCandidate] {
        try await retentionBase.claimExpiredUploads(
            cutoffs: cutoffs, claimant: claimant, at: at, staleBefore: staleBefore, limit: limit)
    }

    /// Reports a mark as the upload entering `deleted`.
    public func markRetentionDeleted(
        _ candidate: RetentionCandidate, claimant: String, at: Date, audit: AuditEntry
    ) async throws -> Bool {
        let marked = try await retentionBase.markRetentionDeleted(candidate, claimant: claimant, at: at, audit: audit)
        if marked { await report(.entered(fileId: candidate.fileId, state: .deleted)) }
        return marked
    }

    public func releaseRetentionClaim(fileId: String, claimant: String) async throws {
        try await retentionBase.releaseRetentionClaim(fileId: fileId, claimant: claimant)
    }

    public func erasedObjectKeys(since: Date, limit: Int) async throws -> [String] {
        try await retentionBase.erasedObjectKeys(since: since, limit: limit)
    }

    /// Reports an erasure as the upload entering `deleted`.
    public func eraseUpload(
        fileId: String, guestId: String, at: Date, audit: AuditEntry
    ) async throws
        -> ErasureOutcome
    {
        let outcome = try await retentionBase.eraseUpload(fileId: fileId, guestId: guestId, at: at, audit: audit)
        if case .erased = outcome { await report(.entered(fileId: fileId, state: .deleted)) }
        return outcome
    }
}
