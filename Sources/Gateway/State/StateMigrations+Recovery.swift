import GRDB

extension StateMigrations {
    /// Registers the recovery migration: one claim row per file the abandoned-upload recovery
    /// posts (or tried to post) a notice for. The primary key makes the claim exclusive across
    /// replicas: the `INSERT` of a second claimer fails.
    static func registerRecovery(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-recovery") { db in
            try db.execute(sql: v3Recovery)
        }
    }

    static let v3Recovery = """
        CREATE TABLE recovery_claims (
            file_id TEXT PRIMARY KEY NOT NULL,
            claimed_by TEXT NOT NULL,
            claimed_at DATETIME NOT NULL,
            posted_at DATETIME,
            conversation_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            released_at DATETIME,
            retry_at DATETIME,
            last_error TEXT
        );
        CREATE INDEX recovery_claims_pending ON recovery_claims (posted_at, retry_at);
        """
}
