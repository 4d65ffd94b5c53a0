extension PostgresMigrations {
    /// v8, as SQLite's `v7-uploads-quota-index` (``StateMigrations/registerQuotaIndex(in:)``):
    /// the quota `SUM(size)` reads `uploads_guest_quota` alone (`size` included in the index), and
    /// `object_key` keeps no unique index of its own, only a check that it is `uploads/<file_id>`
    /// (the primary key makes it unique; lookups by key go through the file id).
    static let v8 = [
        "CREATE INDEX uploads_guest_quota ON uploads (guest_id, state) INCLUDE (size)",
        "DROP INDEX uploads_guest",
        """
        ALTER TABLE uploads DROP CONSTRAINT uploads_object_key_key,
            ADD CONSTRAINT uploads_object_key_derived CHECK (object_key = 'uploads/' || file_id)
        """,
    ]
}
