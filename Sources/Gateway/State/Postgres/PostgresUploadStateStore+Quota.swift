import Foundation
import PostgresNIO

extension PostgresUploadStateStore: UploadQuotaStore {
    /// Sums the guest's counted uploads and inserts the new one (with its audit entry) in one
    /// statement, `attache_admit_upload` (migration 7), which first takes a transaction-level
    /// advisory lock on the guest: a concurrent ticket request for the same guest (on any
    /// replica) waits until this one commits, then sees its upload in the sum. One round trip
    /// and one implicit transaction per ticket.
    public func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        let states = countedStates.map(\.rawValue).sorted()
        let query: PostgresQuery = """
            SELECT attache_admit_upload(
                \(Self.quotaLockClass), \(quota), \(states),
                \(record.fileId), \(record.guestId), \(record.objectKey), \(record.filename), \(record.contentType),
                \(record.size), \(record.sha256), \(record.uploadId), \(record.partSize), \(record.state.rawValue),
                \(record.reason), \(record.detectedType), \(record.createdAt), \(record.updatedAt),
                \(record.conversationId),
                \(audit?.at), \(audit?.actor), \(audit?.action), \(audit?.detail))
            """
        try await database.migrate()
        let answer: Int64
        do {
            answer = try await database.withConnection { [logger] connection in
                try await connection.query(query, logger: logger).collect().first?.decode(Int64.self) ?? 0
            }
        } catch  where PostgresStateDatabase.sqlState(error) == "23505" {
            throw UploadStateStoreError.duplicate(kind: "upload", id: record.fileId)
        } catch {
            throw Self.storeError(error)
        }
        return answer < 0 ? .admitted : .refused(usedBytes: answer)
    }

    /// The first key of the per-guest quota locks ("quot" in ASCII), apart from other advisory locks.
    static let quotaLockClass: Int32 = 0x7175_6F74
}
