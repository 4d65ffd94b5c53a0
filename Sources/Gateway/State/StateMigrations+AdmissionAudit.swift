import GRDB

extension StateMigrations {
    /// Registers the admission-audit migration, which takes the audit entry written with each
    /// upload ticket out of the audit log's file index:
    ///
    /// - `uploads.admission_audit_id` names the `audit_log` row written in the same admission as
    ///   the upload row (the `upload.ticket` entry, filed under the upload's file id).
    /// - `audit_log.upload_linked` is 1 for such an entry and 0 for every other (and for every
    ///   entry written before this migration).
    /// - `audit_log_file` becomes a partial index, `WHERE upload_linked = 0`: a ticket's entry is
    ///   found through its upload row instead (``GRDBUploadStateStore/auditEntries(fileId:)``).
    /// - A trigger refuses any `UPDATE` of `admission_audit_id`: a file's lookup of its ticket's
    ///   entry depends on it, so it is as fixed as the audit rows themselves.
    ///
    /// Every ticket otherwise inserted into three B-trees at a random place (the file id, the
    /// guest index, this index); each such page is written whole to the log at commit and again
    /// at the next checkpoint. Replayed from Python's `sqlite3` with the gateway's settings
    /// (`scripts/lib/sqlite_ticket_replay.py --audit-index linked|full|none`, four runs each), a
    /// ticket's database work fell from 63–65 to 51–53 µs of CPU, as low as with no file index at
    /// all (51–52). Adding the columns rewrites no row; the index is rebuilt once.
    static func registerAdmissionAudit(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-admission-audit-link") { db in
            try db.execute(sql: v8AdmissionAudit)
        }
    }

    static let v8AdmissionAudit = """
        ALTER TABLE audit_log ADD COLUMN upload_linked INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE uploads ADD COLUMN admission_audit_id INTEGER;
        DROP INDEX audit_log_file;
        CREATE INDEX audit_log_file ON audit_log (file_id) WHERE upload_linked = 0;
        CREATE TRIGGER uploads_admission_audit_fixed BEFORE UPDATE OF admission_audit_id ON uploads
        BEGIN SELECT RAISE(ABORT, 'uploads.admission_audit_id is fixed'); END;
        """
}
