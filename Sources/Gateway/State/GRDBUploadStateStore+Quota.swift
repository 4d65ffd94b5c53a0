import Foundation
import GRDB

extension GRDBUploadStateStore: UploadQuotaStore {
    /// Sums the guest's counted uploads and inserts the new one in an `IMMEDIATE` transaction:
    /// SQLite takes the write lock before the sum is read, so no other writer (task, process or
    /// replica on the same file) can slip an upload in between.
    ///
    /// Concurrent calls share transactions (``GroupCommit``): each admission runs in its own
    /// savepoint, in arrival order, so a later admission in the same transaction sees the
    /// earlier ones in its sum, and a failed one (a duplicate file id) leaves the others stored.
    public func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        try await admissions.submit(
            QuotaInsert(record: record, audit: audit, quota: quota, countedStates: countedStates))
    }

    /// Writes a batch of admissions in one transaction; one result per admission, in order.
    static func admit(_ batch: [QuotaInsert], in pool: DatabasePool) async -> [Result<QuotaAdmission, any Error>] {
        do {
            return try await pool.writeWithoutTransaction { db in
                var results: [Result<QuotaAdmission, any Error>] = []
                results.reserveCapacity(batch.count)
                try db.inTransaction(.immediate) {
                    for insert in batch {
                        do {
                            results.append(.success(try inSavepoint(db) { try admit(insert, db) }))
                        } catch let lost as SavepointLost {
                            throw lost.error
                        } catch let error as UploadStateStoreError {
                            results.append(.failure(error))
                        } catch {
                            results.append(.failure(UploadStateStoreError.database("\(error)")))
                        }
                    }
                    return .commit
                }
                return results
            }
        } catch {
            let failure = error as? UploadStateStoreError ?? UploadStateStoreError.database("\(error)")
            return Array(repeating: .failure(failure), count: batch.count)
        }
    }

    /// Runs one admission in a savepoint of the batch's transaction, kept only when admitted.
    /// The savepoint statements are prepared once per connection (`Database.inSavepoint`
    /// prepares them again for every call, a measurable share of a group-committed ticket).
    private static func inSavepoint(_ db: Database, _ body: () throws -> QuotaAdmission) throws -> QuotaAdmission {
        try db.cachedStatement(sql: "SAVEPOINT admission").execute()
        let admission: QuotaAdmission
        do {
            admission = try body()
        } catch {
            // The admission's own error is its result; if SQLite already rolled the whole
            // transaction back (disk full, I/O error), the batch ends with that error.
            try endSavepoint(db, rollingBack: true, cause: error)
            throw error
        }
        // A refused admission only read the sum: nothing to roll back.
        try endSavepoint(db, rollingBack: false, cause: nil)
        return admission
    }

    /// Rolls back to and releases the admission's savepoint, or releases it; a failure means
    /// the batch's transaction is gone (``SavepointLost``, carrying `cause` when there is one).
    private static func endSavepoint(_ db: Database, rollingBack: Bool, cause: (any Error)?) throws {
        do {
            if rollingBack { try db.cachedStatement(sql: "ROLLBACK TO SAVEPOINT admission").execute() }
            try db.cachedStatement(sql: "RELEASE SAVEPOINT admission").execute()
        } catch {
            throw SavepointLost(error: cause ?? error)
        }
    }

    /// The quota sum's SQL for each number of counted states (built once, not per ticket).
    private static let quotaSumSQL: [String] = (0...UploadState.allCases.count).map { count in
        let placeholders = Array(repeating: "?", count: count).joined(separator: ", ")
        return "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE guest_id = ? AND state IN (\(placeholders))"
    }

    /// One admission inside the batch's transaction.
    private static func admit(_ insert: QuotaInsert, _ db: Database) throws -> QuotaAdmission {
        let record = insert.record
        var used: Int64 = 0
        if !insert.countedStates.isEmpty {
            let states = insert.countedStates.map(\.rawValue)
            let sum = try db.cachedStatement(sql: quotaSumSQL[states.count])
            used = try Int64.fetchOne(sum, arguments: [record.guestId] + StatementArguments(states)) ?? 0
        }
        let (total, overflow) = used.addingReportingOverflow(record.size)
        guard !overflow, total <= insert.quota else { return .refused(usedBytes: used) }
        // The admission's entry is filed under its upload (as on every backend), written first
        // and named by the upload row, so the audit log's file index does not take it
        // (``auditEntries(fileId:)``).
        var admissionAuditId: Int64?
        if var audit = insert.audit {
            audit.fileId = record.fileId
            admissionAuditId = try insertAudit(audit, linkedToUpload: true, db).id
        }
        try insertUpload(record, admissionAuditId: admissionAuditId, db)
        return .admitted
    }
}

/// A savepoint that could not be ended: the batch's transaction is gone.
private struct SavepointLost: Error {
    let error: any Error
}

/// One quota-checked upload insert waiting for its group commit.
struct QuotaInsert: Sendable {
    let record: UploadRecord
    let audit: AuditEntry?
    let quota: Int64
    let countedStates: Set<UploadState>
}
