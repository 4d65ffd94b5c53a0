import Foundation
import GRDB

extension GRDBUploadStateStore: RetentionStore {
    /// Whether the file's guest was ever bound to a conversation (or the file has its own).
    static let retentionBound = """
        (u.conversation_id IS NOT NULL OR EXISTS (SELECT 1 FROM conversation_bindings b WHERE b.guest_id = u.guest_id))
        """

    /// The uploads past their area's cut-off, not deleted, and not claimed (or only stalely).
    static let retentionExpired = """
        u.deleted_at IS NULL AND u.state <> 'deleted'
        AND (u.retention_claimed_at IS NULL OR u.retention_claimed_at <= :staleBefore)
        AND ((u.state = 'clean' AND \(retentionBound) AND u.updated_at <= :clean)
            OR (u.state = 'clean' AND NOT \(retentionBound) AND u.updated_at <= :unclaimed)
            OR (u.state = 'rejected' AND u.updated_at <= :rejected)
            OR (u.state IN ('expired', 'awaiting_upload') AND u.updated_at <= :quarantine))
        """

    public func claimExpiredUploads(
        cutoffs: RetentionCutoffs, claimant: String, at: Date, staleBefore: Date, limit: Int
    ) async throws -> [RetentionCandidate] {
        try await retentionWrite { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT u.file_id, u.object_key, u.state, u.upload_id, u.updated_at,
                        \(Self.retentionBound) AS bound
                    FROM uploads u WHERE \(Self.retentionExpired)
                    ORDER BY u.updated_at, u.file_id LIMIT :limit
                    """,
                arguments: [
                    "staleBefore": staleBefore, "clean": cutoffs.clean, "unclaimed": cutoffs.unclaimed,
                    "rejected": cutoffs.rejected, "quarantine": cutoffs.quarantine, "limit": max(0, limit),
                ])
            var claimed: [RetentionCandidate] = []
            for row in rows {
                guard let candidate = Self.retentionCandidate(row) else { continue }
                // The compare-and-set: only an unclaimed (or stalely claimed) row in the same state.
                try db.execute(
                    sql: """
                        UPDATE uploads SET retention_claimed_by = ?, retention_claimed_at = ?
                        WHERE file_id = ? AND state = ? AND deleted_at IS NULL
                            AND (retention_claimed_at IS NULL OR retention_claimed_at <= ?)
                        """,
                    arguments: [claimant, at, candidate.fileId, candidate.state.rawValue, staleBefore])
                if db.changesCount == 1 { claimed.append(candidate) }
            }
            return claimed
        }
    }

    public func markRetentionDeleted(
        _ candidate: RetentionCandidate, claimant: String, at: Date, audit: AuditEntry
    ) async throws -> Bool {
        try await retentionWrite { db in
            try db.execute(
                sql: """
                    UPDATE uploads SET state = ?, reason = ?, updated_at = ?, deleted_at = ?
                    WHERE file_id = ? AND state = ? AND deleted_at IS NULL AND retention_claimed_by = ?
                    """,
                arguments: [
                    UploadState.deleted.rawValue, Self.retentionReason(candidate.area), at, at, candidate.fileId,
                    candidate.state.rawValue, claimant,
                ])
            guard db.changesCount == 1 else { return false }
            _ = try Self.insertAudit(audit, db)
            return true
        }
    }

    public func releaseRetentionClaim(fileId: String, claimant: String) async throws {
        try await retentionWrite { db in
            try db.execute(
                sql: """
                    UPDATE uploads SET retention_claimed_by = NULL, retention_claimed_at = NULL
                    WHERE file_id = ? AND retention_claimed_by = ? AND deleted_at IS NULL
                    """,
                arguments: [fileId, claimant])
        }
    }

    public func eraseUpload(
        fileId: String, guestId: String, at: Date, audit: AuditEntry
    ) async throws
        -> ErasureOutcome
    {
        try await retentionWrite { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT object_key, upload_id, state FROM uploads WHERE file_id = ? AND guest_id = ?",
                    arguments: [fileId, guestId])
            else { return .notFound }
            let key: String = row["object_key"]
            let uploadId: String? = row["upload_id"]
            let state = UploadState(rawValue: row["state"] as String) ?? .deleted
            if state == .deleted { return .alreadyDeleted(objectKey: key, uploadId: uploadId) }
            try db.execute(
                sql: """
                    UPDATE uploads SET state = ?, reason = ?, updated_at = ?, deleted_at = ?
                    WHERE file_id = ? AND state = ?
                    """,
                arguments: [UploadState.deleted.rawValue, erasureReason, at, at, fileId, state.rawValue])
            guard db.changesCount == 1 else { return .alreadyDeleted(objectKey: key, uploadId: uploadId) }
            _ = try Self.insertAudit(audit, db)
            return .erased(objectKey: key, uploadId: uploadId, previous: state)
        }
    }

    public func erasedObjectKeys(since: Date, limit: Int) async throws -> [String] {
        try await retentionRead { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT object_key FROM uploads
                    WHERE state = ? AND reason = ? AND deleted_at >= ?
                    ORDER BY deleted_at, file_id LIMIT ?
                    """,
                arguments: [UploadState.deleted.rawValue, erasureReason, since, max(0, limit)])
        }
    }

    /// When the upload was marked deleted, and who holds its retention claim (for tests and tools).
    public func retentionMark(fileId: String) async throws -> (deletedAt: Date?, claimedBy: String?)? {
        try await retentionRead { db in
            try Row.fetchOne(
                db, sql: "SELECT deleted_at, retention_claimed_by FROM uploads WHERE file_id = ?", arguments: [fileId]
            ).map { row in (row["deleted_at"], row["retention_claimed_by"]) }
        }
    }

    private static func retentionCandidate(_ row: Row) -> RetentionCandidate? {
        guard let state = UploadState(rawValue: row["state"] as String) else { return nil }
        let bound: Bool = row["bound"]
        let area: RetentionArea
        switch state {
        case .clean: area = bound ? .clean : .unclaimed
        case .rejected: area = .rejected
        case .expired, .awaitingUpload: area = .quarantine
        case .uploaded, .scanning, .deleted: return nil
        }
        return RetentionCandidate(
            fileId: row["file_id"], objectKey: row["object_key"], state: state, area: area, uploadId: row["upload_id"],
            updatedAt: row["updated_at"])
    }

    private func retentionRead<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }

    private func retentionWrite<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }
}
