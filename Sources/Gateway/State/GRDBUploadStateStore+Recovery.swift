import Foundation
import GRDB

extension GRDBUploadStateStore: RecoveryStore {
    /// The conversation a file belongs to: its own, else its guest's most recent binding.
    private static let conversationOfUpload = """
        COALESCE(u.conversation_id, (SELECT b.conversation_id FROM conversation_bindings b
            WHERE b.guest_id = u.guest_id ORDER BY b.bound_at DESC, b.rowid DESC LIMIT 1))
        """

    /// When a file became clean: its clean scan result, else its last update.
    private static let cleanTimeOfUpload = """
        COALESCE((SELECT MAX(s.scanned_at) FROM scan_results s
            WHERE s.file_id = u.file_id AND s.verdict = 'clean'), u.updated_at)
        """

    /// A claim that may be taken (again): released and due, or never released and stale.
    private static let claimIsTakable = """
        (c.posted_at IS NULL AND ((c.released_at IS NOT NULL AND c.retry_at IS NOT NULL AND c.retry_at <= :now)
            OR (c.released_at IS NULL AND c.claimed_at <= :staleBefore)))
        """

    public func recoveryCandidates(
        cleanBefore: Date, now: Date, staleBefore: Date, limit: Int
    ) async throws
        -> [RecoveryCandidate]
    {
        try await recoveryRead { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT u.file_id, u.guest_id, u.filename, u.content_type, u.detected_type, u.size, u.state,
                            u.announced_at, \(Self.conversationOfUpload) AS owner, \(Self.cleanTimeOfUpload) AS clean_at
                        FROM uploads u LEFT JOIN recovery_claims c ON c.file_id = u.file_id
                        WHERE u.state = :clean AND u.announced_at IS NULL
                            AND (c.file_id IS NULL OR \(Self.claimIsTakable))
                    )
                    WHERE owner IS NOT NULL AND clean_at <= :cleanBefore
                    ORDER BY clean_at, file_id
                    LIMIT :limit
                    """,
                arguments: [
                    "clean": UploadState.clean.rawValue, "now": now, "staleBefore": staleBefore,
                    "cleanBefore": cleanBefore, "limit": limit,
                ]
            ).map(Self.recoveryCandidate)
        }
    }

    public func claimRecovery(
        fileId: String, replica: String, conversationId: String, at: Date, staleBefore: Date
    )
        async throws -> RecoveryClaim?
    {
        try await recoveryWrite { db in
            let eligible = try Bool.fetchOne(
                db,
                sql: "SELECT 1 FROM uploads WHERE file_id = ? AND state = ? AND announced_at IS NULL",
                arguments: [fileId, UploadState.clean.rawValue]
            )
            guard eligible == true else { return nil }
            try db.execute(
                sql: """
                    INSERT INTO recovery_claims (file_id, claimed_by, claimed_at, conversation_id, attempts)
                    VALUES (?, ?, ?, ?, 1)
                    ON CONFLICT (file_id) DO NOTHING
                    """,
                arguments: [fileId, replica, at, conversationId]
            )
            if db.changesCount == 1 { return RecoveryClaim(attempt: 1) }
            let arguments: StatementArguments = ["file": fileId, "now": at, "staleBefore": staleBefore]
            // The write transaction is exclusive in SQLite: the row read here is the row updated.
            guard
                let previous = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT c.claimed_by, c.post_started_at, c.conversation_id FROM recovery_claims AS c
                        WHERE c.file_id = :file AND \(Self.claimIsTakable)
                        """,
                    arguments: arguments)
            else { return nil }
            // A started post keeps its mark and its conversation: it is resolved, never reposted.
            try db.execute(
                sql: """
                    UPDATE recovery_claims
                    SET claimed_by = :replica, claimed_at = :now,
                        conversation_id = CASE WHEN post_started_at IS NULL THEN :conversation ELSE conversation_id END,
                        attempts = attempts + 1, released_at = NULL, retry_at = NULL
                    WHERE file_id = :file
                    """,
                arguments: ["replica": replica, "now": at, "conversation": conversationId, "file": fileId]
            )
            guard
                let attempts = try Int.fetchOne(
                    db, sql: "SELECT attempts FROM recovery_claims WHERE file_id = ?", arguments: [fileId])
            else { return nil }
            let startedAt: Date? = previous["post_started_at"]
            return RecoveryClaim(
                attempt: attempts,
                interruptedPost: startedAt.map {
                    RecoveryClaim.InterruptedPost(
                        replica: previous["claimed_by"], startedAt: $0, conversationId: previous["conversation_id"])
                })
        }
    }

    public func markRecoveryPostStarted(fileId: String, replica: String, at: Date) async throws -> Bool {
        try await recoveryWrite { db in
            try db.execute(
                sql: """
                    UPDATE recovery_claims SET post_started_at = ?
                    WHERE file_id = ? AND claimed_by = ? AND posted_at IS NULL AND released_at IS NULL
                        AND post_started_at IS NULL
                    """,
                arguments: [at, fileId, replica]
            )
            return db.changesCount == 1
        }
    }

    public func markRecoveryPosted(fileId: String, replica: String, at: Date) async throws {
        try await recoveryWrite { db in
            try db.execute(
                sql: """
                    UPDATE recovery_claims SET posted_at = ?, released_at = NULL, retry_at = NULL, last_error = NULL
                    WHERE file_id = ? AND claimed_by = ? AND posted_at IS NULL
                    """,
                arguments: [at, fileId, replica]
            )
        }
    }

    public func releaseRecovery(fileId: String, replica: String, at: Date, retryAt: Date?, error: String) async throws {
        try await recoveryWrite { db in
            try db.execute(
                sql: """
                    UPDATE recovery_claims SET released_at = ?, retry_at = ?, last_error = ?, post_started_at = NULL
                    WHERE file_id = ? AND claimed_by = ? AND posted_at IS NULL
                    """,
                arguments: [at, retryAt, String(error.prefix(500)), fileId, replica]
            )
        }
    }

    /// The recovery claim of a file: who holds it, whether it was posted, how many attempts.
    public func recoveryClaim(fileId: String) async throws -> RecoveryClaimRecord? {
        try await recoveryRead { db in
            try Row.fetchOne(db, sql: "SELECT * FROM recovery_claims WHERE file_id = ?", arguments: [fileId])
                .map { row in
                    RecoveryClaimRecord(
                        fileId: row["file_id"], claimedBy: row["claimed_by"], claimedAt: row["claimed_at"],
                        postStartedAt: row["post_started_at"], postedAt: row["posted_at"],
                        conversationId: row["conversation_id"], attempts: row["attempts"],
                        releasedAt: row["released_at"], retryAt: row["retry_at"], lastError: row["last_error"])
                }
        }
    }

    private static func recoveryCandidate(_ row: Row) -> RecoveryCandidate {
        let declared: String = row["content_type"]
        let detected: String? = row["detected_type"]
        let state: String = row["state"]
        return RecoveryCandidate(
            fileId: row["file_id"],
            guestId: row["guest_id"],
            filename: row["filename"],
            contentType: detected.flatMap { $0.isEmpty ? nil : $0 } ?? declared,
            size: row["size"],
            state: UploadState(rawValue: state) ?? .clean,
            conversationId: row["owner"],
            cleanAt: row["clean_at"],
            announcedAt: row["announced_at"]
        )
    }

    private func recoveryRead<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }

    private func recoveryWrite<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }
}

/// One row of `recovery_claims`.
public struct RecoveryClaimRecord: Sendable, Equatable {
    /// The file.
    public var fileId: String
    /// The replica holding (or last holding) the claim.
    public var claimedBy: String
    /// When it was (last) claimed.
    public var claimedAt: Date
    /// When the holder started posting the notice (cleared when a failed post is released).
    public var postStartedAt: Date?
    /// When the notice was posted, or its outcome was found unknown; never posted again once set.
    public var postedAt: Date?
    /// The conversation the notice went (or goes) to.
    public var conversationId: String?
    /// How many times it was claimed.
    public var attempts: Int
    /// When a failed post released it.
    public var releasedAt: Date?
    /// When it may be claimed again (`nil` after a release: given up).
    public var retryAt: Date?
    /// The last failure.
    public var lastError: String?
}
