import Foundation
import PostgresNIO

extension PostgresUploadStateStore: UploadQuotaStore {
    /// Sums the guest's counted uploads and inserts the new one in one transaction that first
    /// takes a transaction-level advisory lock on the guest: a concurrent ticket request for the
    /// same guest (on any replica) waits until this one commits, then sees its upload in the sum.
    public func createUpload(
        _ record: UploadRecord, audit: AuditEntry?, withinQuota quota: Int64, countedStates: Set<UploadState>
    ) async throws -> QuotaAdmission {
        let states = countedStates.map(\.rawValue)
        return try await transaction { connection in
            try await connection.perform(
                "SELECT pg_advisory_xact_lock(\(Self.quotaLockClass), hashtext(\(record.guestId)))",
                logger: self.logger)
            let sum = try await connection.query(
                """
                SELECT COALESCE(SUM(size), 0)::BIGINT FROM uploads
                WHERE guest_id = \(record.guestId) AND state = ANY(\(states))
                """, logger: self.logger
            ).collect()
            let used = try sum.first?.decode(Int64.self) ?? 0
            let (total, overflow) = used.addingReportingOverflow(record.size)
            guard !overflow, total <= quota else { return .refused(usedBytes: used) }
            try await Self.insertUpload(record, connection, self.logger)
            if let audit { _ = try await Self.insertAudit(audit, connection, self.logger) }
            return .admitted
        }
    }

    /// The first key of the per-guest quota locks ("quot" in ASCII), apart from other advisory locks.
    static let quotaLockClass: Int32 = 0x7175_6F74
}
