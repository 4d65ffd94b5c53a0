import Foundation

/// The audit chain of a state store: sealing unsealed audit entries, and reading the chain back
/// for the verifier.
///
/// The audit insert itself is untouched (hot transactions append `audit_log` rows as before);
/// a sealer appends them to `audit_chain` later, in its own transaction. Only one sealer writes
/// at a time (SQLite: the write transaction; PostgreSQL: a transaction-level advisory lock taken
/// with `pg_try_advisory_xact_lock`, so a second replica skips its turn instead of waiting),
/// and no audit insert ever waits for that lock.
public protocol AuditChainStore: Sendable {
    /// In one transaction: appends up to `limit` unsealed audit entries with an id above
    /// `floor`, oldest id first, after the chain's last link, each hashed over the previous
    /// link and the entry as stored.
    /// - Returns: ``AuditSealOutcome/busy`` when another sealer holds the chain.
    func sealAuditEntries(after floor: Int64, limit: Int, at: Date) async throws -> AuditSealOutcome

    /// Up to `limit` links with a position above `seq`, in order, each with its audit row as it
    /// is now (`nil` when the row is gone).
    func auditChainLinks(after seq: Int64, limit: Int) async throws -> [AuditChainLink]

    /// Up to `limit` audit entries that no link seals and whose time is before `before`,
    /// oldest id first.
    func unsealedAuditEntries(before: Date, limit: Int) async throws -> [AuditEntry]

    /// How many audit entries no link seals yet.
    func unsealedAuditCount() async throws -> Int
}
