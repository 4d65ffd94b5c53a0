extension PostgresMigrations {
    /// Version 6, the audit chain: the same `audit_chain` table as SQLite's `v6-audit-chain`
    /// (``StateMigrations``), and a statement trigger refusing `UPDATE`, `DELETE` and `TRUNCATE`
    /// of it, as on `audit_log`.
    static let v6 = [
        """
        CREATE TABLE audit_chain (
            seq BIGINT PRIMARY KEY CHECK (seq >= 1),
            audit_id BIGINT NOT NULL UNIQUE,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            sealed_at TIMESTAMPTZ NOT NULL)
        """,
        """
        CREATE FUNCTION attache_audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_chain is append-only'; END $$
        """,
        """
        CREATE TRIGGER audit_chain_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_chain
        FOR EACH STATEMENT EXECUTE FUNCTION attache_audit_chain_append_only()
        """,
    ]
}
