import GRDB

extension StateMigrations {
    /// Registers the retention migration: when an upload was deleted (retention or erasure) and
    /// which retention sweeper holds its claim.
    static func registerRetention(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-retention") { db in
            try db.execute(sql: v4Retention)
        }
    }

    static let v4Retention = """
        ALTER TABLE uploads ADD COLUMN deleted_at DATETIME;
        ALTER TABLE uploads ADD COLUMN retention_claimed_by TEXT;
        ALTER TABLE uploads ADD COLUMN retention_claimed_at DATETIME;
        CREATE INDEX uploads_retention ON uploads (state, updated_at);
        """
}
