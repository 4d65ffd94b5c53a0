extension PostgresMigrations {
    /// v7: `attache_admit_upload`, the quota-checked upload insert as one server-side function,
    /// so a ticket costs one statement and one round trip instead of a transaction of six
    /// (`BEGIN`, the guest's advisory lock, the quota sum, the upload and audit inserts,
    /// `COMMIT`). Same steps, same lock, same semantics: the function takes the per-guest
    /// transaction-level advisory lock first, and PL/pgSQL reads the sum with a snapshot taken
    /// after the lock (READ COMMITTED: one snapshot per statement), so it sees every upload a
    /// concurrent ticket of the same guest committed while this one waited.
    ///
    /// Returns -1 when the upload (and its audit entry, when `p_audit_action` is not null) was
    /// stored, otherwise the bytes the guest already uses (nothing stored). A duplicate file id
    /// raises `unique_violation` (23505) as the plain insert does.
    static let v7 = [
        """
        CREATE FUNCTION attache_admit_upload(
            p_lock_class INTEGER, p_quota BIGINT, p_counted_states TEXT[],
            p_file_id TEXT, p_guest_id TEXT, p_object_key TEXT, p_filename TEXT, p_content_type TEXT,
            p_size BIGINT, p_sha256 TEXT, p_upload_id TEXT, p_part_size BIGINT, p_state TEXT, p_reason TEXT,
            p_detected_type TEXT, p_created_at TIMESTAMPTZ, p_updated_at TIMESTAMPTZ, p_conversation_id TEXT,
            p_audit_at TIMESTAMPTZ, p_audit_actor TEXT, p_audit_action TEXT, p_audit_detail TEXT
        ) RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
            used BIGINT;
        BEGIN
            PERFORM pg_advisory_xact_lock(p_lock_class, hashtext(p_guest_id));
            SELECT COALESCE(SUM(size), 0)::BIGINT INTO used FROM uploads
                WHERE guest_id = p_guest_id AND state = ANY(p_counted_states);
            IF p_size > p_quota - used THEN
                RETURN used;
            END IF;
            INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, sha256,
                upload_id, part_size, state, reason, detected_type, created_at, updated_at, conversation_id)
            VALUES (p_file_id, p_guest_id, p_object_key, p_filename, p_content_type, p_size, p_sha256,
                p_upload_id, p_part_size, p_state, p_reason, p_detected_type, p_created_at, p_updated_at,
                p_conversation_id);
            IF p_audit_action IS NOT NULL THEN
                INSERT INTO audit_log (at, actor, action, file_id, detail)
                VALUES (p_audit_at, p_audit_actor, p_audit_action, p_file_id, p_audit_detail);
            END IF;
            RETURN -1;
        END $$
        """
    ]
}
