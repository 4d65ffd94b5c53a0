import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema of the state store, as numbered migrations recorded in
/// `attache_schema_migrations`.
///
/// The same steps as the SQLite migrations (``StateMigrations``): v1 uploads, guests,
/// scan results and the append-only audit log; v2 conversation bindings and `announced_at`;
/// v3 recovery claims; v4 retention (`deleted_at` and the retention claim columns); v5 the
/// recovery post start; v6 the audit chain; v7 the admission function; v8 the quota index.
/// Append-only: never edit a migration that has shipped; add the next.
enum PostgresMigrations {
    /// One migration: its number, name and statements (run one by one, in one transaction).
    struct Migration: Sendable {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// The advisory lock key every replica takes before migrating ("attache" in ASCII).
    static let lockKey: Int64 = 0x6174_7461_6368_65

    static let all: [Migration] = [
        Migration(version: 1, name: "uploads-guests-scans-audit", statements: v1),
        Migration(version: 2, name: "access", statements: v2),
        Migration(version: 3, name: "recovery", statements: v3),
        Migration(version: 4, name: "retention", statements: v4),
        Migration(version: 5, name: "recovery-post-started", statements: v5),
        Migration(version: 6, name: "audit-chain", statements: v6),
        Migration(version: 7, name: "admit-upload", statements: v7),
        Migration(version: 8, name: "uploads-quota-index", statements: v8),
    ]

    /// Applies the migrations not yet recorded, in one transaction that holds a transaction-level
    /// advisory lock: a second replica starting at the same time waits, then finds them applied.
    /// - Parameter through: The last version to apply (tests of upgrades); every one by default.
    static func apply(
        connection: PostgresConnection, schema: String?, logger: Logger, through: Int = .max
    ) async throws {
        try await connection.withTransaction(logger: logger) { connection in
            try await connection.perform("SELECT pg_advisory_xact_lock(\(lockKey))", logger: logger)
            if let schema {
                try await connection.perform(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(quoted(schema))"), logger: logger)
            }
            try await connection.perform(
                """
                CREATE TABLE IF NOT EXISTS attache_schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, logger: logger)
            var applied = Set<Int>()
            let rows = try await connection.query("SELECT version FROM attache_schema_migrations", logger: logger)
            for try await version in rows.decode(Int.self) { applied.insert(version) }
            for migration in all where !applied.contains(migration.version) && migration.version <= through {
                for statement in migration.statements {
                    try await connection.perform(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.perform(
                    "INSERT INTO attache_schema_migrations (version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
                logger.info("Applied PostgreSQL migration", metadata: ["version": "\(migration.version)"])
            }
        }
    }

    /// An identifier in double quotes, inner quotes doubled.
    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static let v1 = [
        """
        CREATE TABLE guests (
            guest_id TEXT PRIMARY KEY,
            session_token_hash TEXT NOT NULL,
            deployment_id TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL,
            last_seen_at TIMESTAMPTZ NOT NULL,
            UNIQUE (session_token_hash, deployment_id))
        """,
        """
        CREATE TABLE uploads (
            file_id TEXT PRIMARY KEY,
            seq BIGINT GENERATED ALWAYS AS IDENTITY,
            guest_id TEXT NOT NULL,
            object_key TEXT NOT NULL UNIQUE,
            filename TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size BIGINT NOT NULL CHECK (size >= 0),
            sha256 TEXT,
            upload_id TEXT,
            part_size BIGINT,
            state TEXT NOT NULL,
            reason TEXT,
            detected_type TEXT,
            created_at TIMESTAMPTZ NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            conversation_id TEXT)
        """,
        "CREATE INDEX uploads_guest ON uploads (guest_id, state)",
        """
        CREATE TABLE scan_results (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            file_id TEXT NOT NULL,
            verdict TEXT NOT NULL,
            scanner TEXT NOT NULL,
            scanner_version TEXT,
            reason TEXT,
            detected_type TEXT,
            size BIGINT,
            sha256 TEXT,
            scanned_at TIMESTAMPTZ NOT NULL)
        """,
        "CREATE INDEX scan_results_file ON scan_results (file_id)",
        """
        CREATE TABLE audit_log (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at TIMESTAMPTZ NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            file_id TEXT,
            detail TEXT)
        """,
        "CREATE INDEX audit_log_file ON audit_log (file_id)",
        """
        CREATE FUNCTION attache_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$
        """,
        """
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION attache_audit_log_append_only()
        """,
    ]

    static let v2 = [
        """
        CREATE TABLE conversation_bindings (
            guest_id TEXT NOT NULL,
            conversation_id TEXT NOT NULL,
            bound_at TIMESTAMPTZ NOT NULL,
            seq BIGINT GENERATED ALWAYS AS IDENTITY,
            PRIMARY KEY (guest_id, conversation_id))
        """,
        "CREATE INDEX conversation_bindings_conversation ON conversation_bindings (conversation_id)",
        "ALTER TABLE uploads ADD COLUMN announced_at TIMESTAMPTZ",
    ]

    static let v3 = [
        """
        CREATE TABLE recovery_claims (
            file_id TEXT PRIMARY KEY,
            claimed_by TEXT NOT NULL,
            claimed_at TIMESTAMPTZ NOT NULL,
            posted_at TIMESTAMPTZ,
            conversation_id TEXT,
            attempts INTEGER NOT NULL DEFAULT 1,
            released_at TIMESTAMPTZ,
            retry_at TIMESTAMPTZ,
            last_error TEXT)
        """,
        "CREATE INDEX recovery_claims_pending ON recovery_claims (posted_at, retry_at)",
    ]

    static let v4 = [
        "ALTER TABLE uploads ADD COLUMN deleted_at TIMESTAMPTZ",
        "ALTER TABLE uploads ADD COLUMN retention_claimed_by TEXT",
        "ALTER TABLE uploads ADD COLUMN retention_claimed_at TIMESTAMPTZ",
        "CREATE INDEX uploads_retention ON uploads (state, updated_at)",
    ]
}
