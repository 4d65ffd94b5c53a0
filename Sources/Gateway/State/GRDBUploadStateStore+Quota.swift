import Foundation
import GRDB

extension GRDBUploadStateStore: UploadQuotaStore {
    /// Sums the guest's counted uploads and inserts the new one in one `IMMEDIATE` transaction:
    /// SQLite takes the write lock before the sum is read, so no other writer (task, process or
    /// replica on the same file) can slip an upload in between.
    public func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        let states = Array(countedStates.map(\.rawValue))
        let placeholders = Array(repeating: "?", count: states.count).joined(separator: ", ")
        let sum =
            states.isEmpty
            ? nil
            : "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE guest_id = ? AND state IN (\(placeholders))"
        let arguments: StatementArguments = [record.guestId] + StatementArguments(states)
        do {
            return try await pool.writeWithoutTransaction { db in
                var admission = QuotaAdmission.admitted
                try db.inTransaction(.immediate) {
                    let used = try sum.flatMap { try Int64.fetchOne(db, sql: $0, arguments: arguments) } ?? 0
                    let (total, overflow) = used.addingReportingOverflow(record.size)
                    guard !overflow, total <= quota else {
                        admission = .refused(usedBytes: used)
                        return .rollback
                    }
                    try Self.insertUpload(record, db)
                    if let audit { _ = try Self.insertAudit(audit, db) }
                    return .commit
                }
                return admission
            }
        } catch let error as UploadStateStoreError {
            throw error
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }
}
