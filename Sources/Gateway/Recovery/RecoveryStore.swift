import Foundation

/// The state the abandoned-upload recovery reads and writes: candidate files and the exclusive,
/// per-file claims that make "at most one notice per file" hold across replicas.
///
/// ``GRDBUploadStateStore`` implements it on the `recovery_claims` table (migration
/// `v3-recovery`); tests may use an in-memory fake.
public protocol RecoveryStore: Sendable {
    /// Clean, unannounced files of bound guests that became clean at or before `cleanBefore` and
    /// have no claim, or only a claim that may be taken again (released and due for retry at
    /// `now`, or left unreleased since `staleBefore`), oldest first.
    func recoveryCandidates(
        cleanBefore: Date, now: Date, staleBefore: Date, limit: Int
    ) async throws
        -> [RecoveryCandidate]

    /// Claims the notice for a file, atomically: a new claim row (an `INSERT` that fails when
    /// another replica holds one) or the takeover of a claim that is due for retry or stale.
    /// The file must still be clean and unannounced.
    /// - Returns: the attempt number this claim is (1 for the first), or `nil` when someone else
    ///   holds the claim, the notice was already posted, or the file no longer qualifies.
    func claimRecovery(
        fileId: String, replica: String, conversationId: String, at: Date, staleBefore: Date
    )
        async throws -> Int?

    /// Records that the claimed notice was posted; the file is never posted for again.
    func markRecoveryPosted(fileId: String, replica: String, at: Date) async throws

    /// Releases a claim after a failed post: retried from `retryAt`, or never again when `nil`.
    func releaseRecovery(fileId: String, replica: String, at: Date, retryAt: Date?, error: String) async throws

    /// Appends an audit entry.
    @discardableResult
    func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry
}
