import GRDB

extension StateMigrations {
    /// Registers the recovery posting migration: `recovery_claims.post_started_at`, written in its
    /// own committed step right before the notice is sent to Genesys. A stale claim whose post had
    /// started but was never recorded as posted (its replica died mid-post) is resolved as
    /// `recovery.unknown` instead of being posted again.
    static func registerRecoveryPosting(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-recovery-post-started") { db in
            try db.execute(sql: v5RecoveryPostStarted)
        }
    }

    static let v5RecoveryPostStarted = """
        ALTER TABLE recovery_claims ADD COLUMN post_started_at DATETIME;
        """
}
