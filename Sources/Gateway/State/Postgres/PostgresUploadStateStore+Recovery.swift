import Foundation
import PostgresNIO

extension PostgresUploadStateStore: RecoveryStore {
    /// The conversation a file belongs to: its own, else its guest's most recent binding.
    private static let conversationOfUpload = """
        COALESCE(u.conversation_id, (SELECT b.conversation_id FROM conversation_bindings b
            WHERE b.guest_id = u.guest_id ORDER BY b.bound_at DESC, b.seq DESC LIMIT 1))
        """

    /// When a file became clean: its clean scan result, else its last update.
    private static let cleanTimeOfUpload = """
        COALESCE((SELECT MAX(s.scanned_at) FROM scan_results s
            WHERE s.file_id = u.file_id AND s.verdict = 'clean'), u.updated_at)
        """

    public func recoveryCandidates(
        cleanBefore: Date, now: Date, staleBefore: Date, limit: Int
    ) async throws -> [RecoveryCandidate] {
        try await rows(
            """
            SELECT * FROM (
                SELECT u.file_id, u.guest_id, u.filename, u.content_type, u.detected_type, u.size, u.state,
                    u.announced_at, \(unescaped: Self.conversationOfUpload) AS owner,
                    \(unescaped: Self.cleanTimeOfUpload) AS clean_at
                FROM uploads u LEFT JOIN recovery_claims c ON c.file_id = u.file_id
                WHERE u.state = \(UploadState.clean.rawValue) AND u.announced_at IS NULL
                    AND (c.file_id IS NULL OR (c.posted_at IS NULL
                        AND ((c.released_at IS NOT NULL AND c.retry_at IS NOT NULL AND c.retry_at <= \(now))
                            OR (c.released_at IS NULL AND c.claimed_at <= \(staleBefore)))))
            ) AS candidates
            WHERE owner IS NOT NULL AND clean_at <= \(cleanBefore)
            ORDER BY clean_at, file_id
            LIMIT \(limit)
            """
        ).map(Self.recoveryCandidate)
    }

    /// Claims the notice in one transaction: the upload row is locked (`FOR UPDATE SKIP LOCKED`:
    /// a replica claiming the same file right now makes this call answer `nil` at once), then a
    /// new claim row is inserted, or an existing one that is due or stale is taken over under
    /// its own `FOR UPDATE SKIP LOCKED` row lock (keeping a started post's mark and conversation).
    public func claimRecovery(
        fileId: String, replica: String, conversationId: String, at: Date, staleBefore: Date
    ) async throws -> RecoveryClaim? {
        try await transaction { connection -> RecoveryClaim? in
            let eligible = try await connection.query(
                """
                SELECT file_id FROM uploads
                WHERE file_id = \(fileId) AND state = \(UploadState.clean.rawValue) AND announced_at IS NULL
                FOR UPDATE SKIP LOCKED
                """, logger: self.logger
            ).collect()
            guard !eligible.isEmpty else { return nil }
            let inserted = try await connection.query(
                """
                INSERT INTO recovery_claims (file_id, claimed_by, claimed_at, conversation_id, attempts)
                VALUES (\(fileId), \(replica), \(at), \(conversationId), 1)
                ON CONFLICT (file_id) DO NOTHING RETURNING attempts
                """, logger: self.logger
            ).collect()
            if !inserted.isEmpty { return RecoveryClaim(attempt: 1) }
            let takable = try await connection.query(
                """
                SELECT claimed_by, post_started_at, conversation_id FROM recovery_claims
                WHERE file_id = \(fileId) AND posted_at IS NULL
                    AND ((released_at IS NOT NULL AND retry_at IS NOT NULL AND retry_at <= \(at))
                        OR (released_at IS NULL AND claimed_at <= \(staleBefore)))
                FOR UPDATE SKIP LOCKED
                """, logger: self.logger
            ).collect()
            guard let previous = takable.first else { return nil }
            let (holder, startedAt, previousConversation) = try previous.decode((String, Date?, String?).self)
            let taken = try await connection.query(
                """
                UPDATE recovery_claims
                SET claimed_by = \(replica), claimed_at = \(at),
                    conversation_id = CASE WHEN post_started_at IS NULL THEN \(conversationId) ELSE conversation_id END,
                    attempts = attempts + 1, released_at = NULL, retry_at = NULL
                WHERE file_id = \(fileId) RETURNING attempts
                """, logger: self.logger
            ).collect()
            guard let attempts = try taken.first?.decode(Int.self) else { return nil }
            return RecoveryClaim(
                attempt: attempts,
                interruptedPost: startedAt.map {
                    RecoveryClaim.InterruptedPost(
                        replica: holder, startedAt: $0, conversationId: previousConversation)
                })
        }
    }

    public func markRecoveryPostStarted(fileId: String, replica: String, at: Date) async throws -> Bool {
        try await !rows(
            """
            UPDATE recovery_claims SET post_started_at = \(at)
            WHERE file_id = \(fileId) AND claimed_by = \(replica) AND posted_at IS NULL AND released_at IS NULL
                AND post_started_at IS NULL
            RETURNING file_id
            """
        ).isEmpty
    }

    public func markRecoveryPosted(fileId: String, replica: String, at: Date) async throws {
        _ = try await rows(
            """
            UPDATE recovery_claims SET posted_at = \(at), released_at = NULL, retry_at = NULL, last_error = NULL
            WHERE file_id = \(fileId) AND claimed_by = \(replica) AND posted_at IS NULL
            """)
    }

    public func releaseRecovery(fileId: String, replica: String, at: Date, retryAt: Date?, error: String) async throws {
        _ = try await rows(
            """
            UPDATE recovery_claims SET released_at = \(at), retry_at = \(retryAt), last_error = \(String(error.prefix(500))),
                post_started_at = NULL
            WHERE file_id = \(fileId) AND claimed_by = \(replica) AND posted_at IS NULL
            """)
    }

    /// The recovery claim of a file: who holds it, whether it was posted, how many attempts.
    public func recoveryClaim(fileId: String) async throws -> RecoveryClaimRecord? {
        try await rows(
            """
            SELECT file_id, claimed_by, claimed_at, post_started_at, posted_at, conversation_id, attempts, released_at,
                retry_at, last_error
            FROM recovery_claims WHERE file_id = \(fileId)
            """
        ).first.map { row in
            let (file, by, claimedAt, startedAt, postedAt, conversation, attempts, releasedAt, retryAt, lastError) =
                try row.decode((String, String, Date, Date?, Date?, String?, Int, Date?, Date?, String?).self)
            return RecoveryClaimRecord(
                fileId: file, claimedBy: by, claimedAt: claimedAt, postStartedAt: startedAt, postedAt: postedAt,
                conversationId: conversation, attempts: attempts, releasedAt: releasedAt, retryAt: retryAt,
                lastError: lastError)
        }
    }

    private static func recoveryCandidate(_ row: PostgresRow) throws -> RecoveryCandidate {
        let row = row.makeRandomAccess()
        let declared = try row["content_type"].decode(String.self)
        let detected = try row["detected_type"].decode(String?.self)
        return RecoveryCandidate(
            fileId: try row["file_id"].decode(String.self),
            guestId: try row["guest_id"].decode(String.self),
            filename: try row["filename"].decode(String.self),
            contentType: detected.flatMap { $0.isEmpty ? nil : $0 } ?? declared,
            size: try row["size"].decode(Int64.self),
            state: UploadState(rawValue: try row["state"].decode(String.self)) ?? .clean,
            conversationId: try row["owner"].decode(String.self),
            cleanAt: try row["clean_at"].decode(Date.self),
            announcedAt: try row["announced_at"].decode(Date?.self)
        )
    }
}
