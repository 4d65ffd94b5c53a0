import Foundation
import PostgresNIO

extension PostgresUploadStateStore: RetentionStore {
    /// Whether the file's guest was ever bound to a conversation (or the file has its own).
    private static let retentionBound = """
        (u.conversation_id IS NOT NULL OR EXISTS (SELECT 1 FROM conversation_bindings b WHERE b.guest_id = u.guest_id))
        """

    /// Claims in one statement: the expired rows are locked with `FOR UPDATE SKIP LOCKED` (a
    /// replica claiming them right now is skipped, a committed claim is re-checked against the
    /// `WHERE`), then stamped with this claimant.
    public func claimExpiredUploads(
        cutoffs: RetentionCutoffs, claimant: String, at: Date, staleBefore: Date, limit: Int
    ) async throws -> [RetentionCandidate] {
        let bound = Self.retentionBound
        return try await transaction { connection in
            try await connection.query(
                """
                WITH picked AS (
                    SELECT u.file_id, \(unescaped: bound) AS bound FROM uploads u
                    WHERE u.deleted_at IS NULL AND u.state <> 'deleted'
                        AND (u.retention_claimed_at IS NULL OR u.retention_claimed_at <= \(staleBefore))
                        AND ((u.state = 'clean' AND \(unescaped: bound) AND u.updated_at <= \(cutoffs.clean))
                            OR (u.state = 'clean' AND NOT \(unescaped: bound) AND u.updated_at <= \(cutoffs.unclaimed))
                            OR (u.state = 'rejected' AND u.updated_at <= \(cutoffs.rejected))
                            OR (u.state IN ('expired', 'awaiting_upload') AND u.updated_at <= \(cutoffs.quarantine)))
                    ORDER BY u.updated_at, u.file_id
                    LIMIT \(max(0, limit))
                    FOR UPDATE OF u SKIP LOCKED)
                UPDATE uploads SET retention_claimed_by = \(claimant), retention_claimed_at = \(at)
                FROM picked WHERE uploads.file_id = picked.file_id
                RETURNING uploads.file_id, uploads.object_key, uploads.state, uploads.upload_id, uploads.updated_at,
                    picked.bound
                """, logger: self.logger
            ).collect().compactMap(Self.retentionCandidate).sorted {
                ($0.updatedAt, $0.fileId) < ($1.updatedAt, $1.fileId)
            }
        }
    }

    public func markRetentionDeleted(
        _ candidate: RetentionCandidate, claimant: String, at: Date, audit: AuditEntry
    ) async throws -> Bool {
        let reason = Self.retentionReason(candidate.area)
        return try await transaction { connection in
            let changed = try await connection.query(
                """
                UPDATE uploads SET state = \(UploadState.deleted.rawValue), reason = \(reason), updated_at = \(at),
                    deleted_at = \(at)
                WHERE file_id = \(candidate.fileId) AND state = \(candidate.state.rawValue) AND deleted_at IS NULL
                    AND retention_claimed_by = \(claimant)
                RETURNING file_id
                """, logger: self.logger
            ).collect()
            guard !changed.isEmpty else { return false }
            _ = try await Self.insertAudit(audit, connection, self.logger)
            return true
        }
    }

    public func releaseRetentionClaim(fileId: String, claimant: String) async throws {
        _ = try await rows(
            """
            UPDATE uploads SET retention_claimed_by = NULL, retention_claimed_at = NULL
            WHERE file_id = \(fileId) AND retention_claimed_by = \(claimant) AND deleted_at IS NULL
            """)
    }

    /// Erases under the upload's row lock (`FOR UPDATE`): a concurrent erasure waits and then
    /// finds the upload deleted.
    public func eraseUpload(
        fileId: String, guestId: String, at: Date, audit: AuditEntry
    ) async throws
        -> ErasureOutcome
    {
        try await transaction { connection -> ErasureOutcome in
            let found = try await connection.query(
                """
                SELECT object_key, upload_id, state FROM uploads
                WHERE file_id = \(fileId) AND guest_id = \(guestId) FOR UPDATE
                """, logger: self.logger
            ).collect()
            guard let row = found.first else { return .notFound }
            let (key, uploadId, stateName) = try row.decode((String, String?, String).self)
            let state = UploadState(rawValue: stateName) ?? .deleted
            if state == .deleted { return .alreadyDeleted(objectKey: key, uploadId: uploadId) }
            try await connection.perform(
                """
                UPDATE uploads SET state = \(UploadState.deleted.rawValue), reason = \(erasureReason),
                    updated_at = \(at), deleted_at = \(at)
                WHERE file_id = \(fileId)
                """, logger: self.logger)
            _ = try await Self.insertAudit(audit, connection, self.logger)
            return .erased(objectKey: key, uploadId: uploadId, previous: state)
        }
    }

    public func erasedObjectKeys(since: Date, limit: Int) async throws -> [String] {
        try await rows(
            """
            SELECT object_key FROM uploads
            WHERE state = \(UploadState.deleted.rawValue) AND reason = \(erasureReason) AND deleted_at >= \(since)
            ORDER BY deleted_at, file_id LIMIT \(max(0, limit))
            """
        ).map { try $0.decode(String.self) }
    }

    /// When the upload was marked deleted, and who holds its retention claim (for tests and tools).
    public func retentionMark(fileId: String) async throws -> (deletedAt: Date?, claimedBy: String?)? {
        try await rows("SELECT deleted_at, retention_claimed_by FROM uploads WHERE file_id = \(fileId)")
            .first.map { row in try row.decode((Date?, String?).self) }
    }

    private static func retentionCandidate(_ row: PostgresRow) throws -> RetentionCandidate? {
        let (fileId, key, stateName, uploadId, updatedAt, bound) = try row.decode(
            (String, String, String, String?, Date, Bool).self)
        guard let state = UploadState(rawValue: stateName) else { return nil }
        let area: RetentionArea
        switch state {
        case .clean: area = bound ? .clean : .unclaimed
        case .rejected: area = .rejected
        case .expired, .awaitingUpload: area = .quarantine
        case .uploaded, .scanning, .deleted: return nil
        }
        return RetentionCandidate(
            fileId: fileId, objectKey: key, state: state, area: area, uploadId: uploadId, updatedAt: updatedAt)
    }
}
