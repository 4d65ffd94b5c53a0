import GRDB

/// The schema of the gateway's state database, as GRDB migrations.
///
/// Migrations are append-only: never edit a registered one; add the next.
public enum StateMigrations {
    /// The migrator with every migration registered.
    public static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-uploads-guests-scans-audit") { db in
            try db.execute(sql: v1)
        }
        registerAccess(in: &migrator)
        registerRecovery(in: &migrator)
        registerRetention(in: &migrator)
        registerRecoveryPosting(in: &migrator)
        registerAuditChain(in: &migrator)
        registerQuotaIndex(in: &migrator)
        registerAdmissionAudit(in: &migrator)
        return migrator
    }

    static let v1 = """
        CREATE TABLE guests (
            guest_id TEXT PRIMARY KEY NOT NULL,
            session_token_hash TEXT NOT NULL,
            deployment_id TEXT NOT NULL,
            created_at DATETIME NOT NULL,
            last_seen_at DATETIME NOT NULL,
            UNIQUE (session_token_hash, deployment_id)
        );
        CREATE TABLE uploads (
            file_id TEXT PRIMARY KEY NOT NULL,
            guest_id TEXT NOT NULL,
            object_key TEXT NOT NULL UNIQUE,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size INTEGER NOT NULL CHECK (size >= 0),
            sha256 TEXT,
            upload_id TEXT,
            part_size INTEGER,
            state TEXT NOT NULL,
            reason TEXT,
            detected_type TEXT,
            created_at DATETIME NOT NULL,
            updated_at DATETIME NOT NULL,
            conversation_id TEXT
        );
        CREATE INDEX uploads_guest ON uploads (guest_id, state);
        CREATE TABLE scan_results (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            file_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            scanner TEXT NOT NULL,
            scanner_version TEXT,
            reason TEXT,
            detected_type TEXT,
            size INTEGER,
            sha256 TEXT,
            scanned_at DATETIME NOT NULL
        );
        CREATE INDEX scan_results_file ON scan_results (file_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at DATETIME NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            file_id TEXT,
            detail TEXT
        );
        CREATE INDEX audit_log_file ON audit_log (file_id);
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
        """
}
