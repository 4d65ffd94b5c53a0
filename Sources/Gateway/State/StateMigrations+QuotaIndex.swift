import GRDB

extension StateMigrations {
    /// Registers the quota-index migration, which makes the upload insert and the quota sum
    /// cheaper as a guest's uploads accumulate:
    ///
    /// - `uploads_guest` becomes `(guest_id, state, size)`: the quota `SUM(size)` of a guest's
    ///   counted uploads reads the index alone instead of one table row per upload.
    /// - `object_key` loses its `UNIQUE` index (one more random B-tree insert per ticket) for a
    ///   `CHECK` that it is `uploads/<file_id>`: the primary key already makes it unique, and a
    ///   lookup by object key goes through the file id (``GRDBUploadStateStore/upload(objectKey:)``).
    ///
    /// SQLite cannot drop a column constraint in place, so the table is rebuilt (rows and their
    /// `rowid`s copied, which orders uploads created in the same instant), once, at first start.
    static func registerQuotaIndex(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-uploads-quota-index") { db in
            try db.execute(sql: v7QuotaIndex)
        }
    }

    static let v7QuotaIndex = """
        CREATE TABLE uploads_v7 (
            file_id TEXT PRIMARY KEY NOT NULL,
            guest_id TEXT NOT NULL,
            object_key TEXT NOT NULL CHECK (object_key = 'uploads/' || file_id),
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
            conversation_id TEXT,
            announced_at DATETIME,
            deleted_at DATETIME,
            retention_claimed_by TEXT,
            retention_claimed_at DATETIME
        );
        INSERT INTO uploads_v7 (rowid, file_id, guest_id, object_key, filename, content_type, size, sha256,
            upload_id, part_size, state, reason, detected_type, created_at, updated_at, conversation_id,
            announced_at, deleted_at, retention_claimed_by, retention_claimed_at)
        SELECT rowid, file_id, guest_id, object_key, filename, content_type, size, sha256,
            upload_id, part_size, state, reason, detected_type, created_at, updated_at, conversation_id,
            announced_at, deleted_at, retention_claimed_by, retention_claimed_at
        FROM uploads;
        DROP TABLE uploads;
        ALTER TABLE uploads_v7 RENAME TO uploads;
        CREATE INDEX uploads_guest ON uploads (guest_id, state, size);
        CREATE INDEX uploads_retention ON uploads (state, updated_at);
        """
}
