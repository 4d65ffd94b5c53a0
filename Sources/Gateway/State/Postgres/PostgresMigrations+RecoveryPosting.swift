extension PostgresMigrations {
    /// Version 5, `recovery-post-started`: the same step as the SQLite migration
    /// `v5-recovery-post-started` (``StateMigrations``): when the replica holding a recovery
    /// claim started posting the notice, so that a claim left by a replica that died mid-post is
    /// never posted again.
    static let v5 = [
        "ALTER TABLE recovery_claims ADD COLUMN post_started_at TIMESTAMPTZ"
    ]
}
