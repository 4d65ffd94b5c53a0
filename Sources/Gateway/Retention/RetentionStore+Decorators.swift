import Foundation

/// The store a decorator wraps, as a ``RetentionStore``, or an error when it is not one.
private func retentionBase(_ base: any UploadStateStore) throws -> any RetentionStore {
    guard let store = base as? any RetentionStore else {
        throw UploadStateStoreError.database("the state store does not support retention and erasure")
    }
    return store
}

extension MeteredUploadStateStore: RetentionStore {
    public func claimExpiredUploads(
        cutoffs: RetentionCutoffs, claimant: String, at: Date, staleBefore: Date, limit: Int
    ) async throws -> [RetentionCandidate] {
        try await retentionBase(base).claimExpiredUploads(
            cutoffs: cutoffs, claimant: claimant, at: at, staleBefore: staleBefore, limit: limit)
    }

    /// Counts a mark as an upload entering `deleted`.
    public func markRetentionDeleted(
        _ candidate: RetentionCandidate, claimant: String, at: Date, audit: AuditEntry
    ) async throws -> Bool {
        let marked = try await retentionBase(base).markRetentionDeleted(
            candidate, claimant: claimant, at: at, audit: audit)
        if marked { metrics.recordUpload(enteredState: .deleted) }
        return marked
    }

    public func releaseRetentionClaim(fileId: String, claimant: String) async throws {
        try await retentionBase(base).releaseRetentionClaim(fileId: fileId, claimant: claimant)
    }

    public func erasedObjectKeys(since: Date, limit: Int) async throws -> [String] {
        try await retentionBase(base).erasedObjectKeys(since: since, limit: limit)
    }

    /// Counts an erasure as an upload entering `deleted`.
    public func eraseUpload(
        fileId: String, guestId: String, at: Date, audit: AuditEntry
    ) async throws
        -> ErasureOutcome
    {
        let outcome = try await retentionBase(base).eraseUpload(fileId: fileId, guestId: guestId, at: at, audit: audit)
        if case .erased = outcome { metrics.recordUpload(enteredState: .deleted) }
        return outcome
    }
}

extension NotifyingUploadStateStore: RetentionStore {
    public func claimExpiredUploads(
        cutoffs: RetentionCutoffs, claimant: String, at: Date, staleBefore: Date, limit: Int
    ) async throws -> [RetentionCandidate] {
        try await retentionBase(base).claimExpiredUploads(
            cutoffs: cutoffs, claimant: claimant, at: at, staleBefore: staleBefore, limit: limit)
    }

    /// Tells the file's listeners (SSE streams) when it was marked.
    public func markRetentionDeleted(
        _ candidate: RetentionCandidate, claimant: String, at: Date, audit: AuditEntry
    ) async throws -> Bool {
        let marked = try await retentionBase(base).markRetentionDeleted(
            candidate, claimant: claimant, at: at, audit: audit)
        if marked { await broadcaster.publish(fileId: candidate.fileId) }
        return marked
    }

    public func releaseRetentionClaim(fileId: String, claimant: String) async throws {
        try await retentionBase(base).releaseRetentionClaim(fileId: fileId, claimant: claimant)
    }

    public func erasedObjectKeys(since: Date, limit: Int) async throws -> [String] {
        try await retentionBase(base).erasedObjectKeys(since: since, limit: limit)
    }

    /// Tells the file's listeners (SSE streams) when it was erased.
    public func eraseUpload(
        fileId: String, guestId: String, at: Date, audit: AuditEntry
    ) async throws
        -> ErasureOutcome
    {
        let outcome = try await retentionBase(base).eraseUpload(fileId: fileId, guestId: guestId, at: at, audit: audit)
        if case .erased = outcome { await broadcaster.publish(fileId: fileId) }
        return outcome
    }
}
