extension PostgresMigrations {
    /// v8, as SQLite's `v7-uploads-quota-index` (``StateMigrations/registerQuotaIndex(in:)``):
    /// the quota `SUM(size)` reads `uploads_guest_quota` alone (`size` included in the index), and
    /// `object_key` keeps no unique index of its own, only a check that it is `uploads/<file_id>`
    /// (the primary key makes it unique; lookups by key go through the file id). The check is
    /// added `NOT VALID`: it holds for every row written from now on without a scan of the rows
    /// already there (which were all written with derived keys) under the table's lock; building
    /// the index still reads the table once, blocking writes meanwhile (the migration runs once,
    /// at the first start of this version).
    static let v8 = [
        "CREATE INDEX uploads_guest_quota ON uploads (guest_id, state) INCLUDE (size)",
        "DROP INDEX uploads_guest",
        """
        ALTER TABLE uploads DROP CONSTRAINT uploads_object_key_key,
            ADD CONSTRAINT uploads_object_key_derived CHECK (object_key = 'uploads/' || file_id) NOT VALID
        """,
    ]
}
