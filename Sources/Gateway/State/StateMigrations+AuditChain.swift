import GRDB

extension StateMigrations {
    /// Registers the audit-chain migration: `audit_chain`, one row per sealed audit entry, in
    /// chain order. `seq` is the entry's chain position (1, 2, …, assigned by the one sealer that
    /// holds the write transaction), `audit_id` the `audit_log` row it seals (once), `prev_hash`
    /// the previous position's `hash` (64 zeros at position 1), and `hash` the SHA-256 of
    /// `prev_hash`, `seq` and every field of the audit row (``AuditChainHasher``). Triggers refuse
    /// `UPDATE` and `DELETE`, as on `audit_log`.
    static func registerAuditChain(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-audit-chain") { db in
            try db.execute(sql: v6AuditChain)
        }
    }

    static let v6AuditChain = """
        CREATE TABLE audit_chain (
            seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
            audit_id INTEGER NOT NULL UNIQUE,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            sealed_at DATETIME NOT NULL
        );
        CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
        BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
        CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
        BEGIN SELECT RAISE(ABORT, 'audit_chain is append-only'); END;
        """
}
