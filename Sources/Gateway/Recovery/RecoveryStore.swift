import Foundation

/// The state the abandoned-upload recovery reads and writes: candidate files and the exclusive,
/// per-file claims that make "at most one notice per file" hold across replicas.
///
/// ``GRDBUploadStateStore`` and ``PostgresUploadStateStore`` implement it on the
/// `recovery_claims` table (migrations `v3-recovery` and `v5-recovery-post-started`).
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
    /// The file must still be clean and unannounced. A stale claim whose holder had started
    /// posting (``markRecoveryPostStarted(fileId:replica:at:)``) is taken over with its
    /// ``RecoveryClaim/interruptedPost`` set and its `post_started_at` kept: the caller must not
    /// post, only resolve it (``markRecoveryPosted(fileId:replica:at:)``) as an unknown outcome.
    /// - Returns: the claim, or `nil` when someone else holds the claim, the notice was already
    ///   posted, or the file no longer qualifies.
    func claimRecovery(
        fileId: String, replica: String, conversationId: String, at: Date, staleBefore: Date
    )
        async throws -> RecoveryClaim?

    /// Records, in its own committed write, that this replica is about to post the claimed
    /// notice. Called right before the post: if the replica dies before it records the outcome,
    /// whoever takes the stale claim over knows that the notice may have been posted.
    /// - Returns: `false` when this replica no longer holds a claim it may post for (another
    ///   replica took it over, or the post was already started, posted or released): do not post.
    func markRecoveryPostStarted(fileId: String, replica: String, at: Date) async throws -> Bool

    /// Records that the claimed notice was posted, or may have been (outcome unknown): the file
    /// is never posted for again.
    func markRecoveryPosted(fileId: String, replica: String, at: Date) async throws

    /// Releases a claim after a failed post that certainly did not reach Genesys (its
    /// post-started mark is cleared): retried from `retryAt`, or never again when `nil`.
    func releaseRecovery(fileId: String, replica: String, at: Date, retryAt: Date?, error: String) async throws

    /// Appends an audit entry.
    @discardableResult
    func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry
}
