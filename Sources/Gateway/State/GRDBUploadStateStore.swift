import Foundation
import GRDB

/// The SQLite state store (GRDB, WAL): uploads, guests, scan results and an append-only audit
/// log (the database refuses updates and deletes of audit rows with triggers).
public final class GRDBUploadStateStore: UploadStateStore {
    /// The pool the store reads and writes.
    public let pool: DatabasePool
    /// Quota-checked upload inserts, group-committed (``createUpload(_:audit:withinQuota:countedStates:)``).
    let admissions: GroupCommit<QuotaInsert, QuotaAdmission>

    /// Opens the store on the gateway's state database and runs pending migrations.
    /// - Throws: ``UploadStateStoreError/database(_:)`` when a migration fails.
    public convenience init(database: StateDatabase) throws {
        try self.init(pool: database.pool)
    }

    /// Opens the store on a GRDB pool and runs pending migrations.
    /// - Throws: ``UploadStateStoreError/database(_:)`` when a migration fails.
    public init(pool: DatabasePool) throws {
        self.pool = pool
        admissions = GroupCommit { batch in await Self.admit(batch, in: pool) }
        do {
            try StateMigrations.migrator.migrate(pool)
        } catch {
            throw UploadStateStoreError.database("migration failed: \(error)")
        }
    }

    // MARK: Uploads

    public func createUpload(_ record: UploadRecord) async throws {
        try await write { db in try Self.insertUpload(record, admissionAuditId: nil, db) }
    }

    /// Inserts an upload row (shared with the quota-checked insert).
    /// - Parameter admissionAuditId: The audit entry about this file written in the same
    ///   admission, which the audit log's file index leaves out (``auditEntries(fileId:)``).
    static func insertUpload(_ record: UploadRecord, admissionAuditId: Int64?, _ db: Database) throws {
        do {
            try db.cachedStatement(
                sql: """
                    INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, sha256,
                        upload_id, part_size, state, reason, detected_type, created_at, updated_at, conversation_id,
                        admission_audit_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    record.fileId, record.guestId, record.objectKey, record.filename, record.contentType,
                    record.size, record.sha256, record.uploadId, record.partSize, record.state.rawValue,
                    record.reason, record.detectedType, SQLiteTimestamp.text(record.createdAt),
                    SQLiteTimestamp.text(record.updatedAt),
                    record.conversationId, admissionAuditId,
                ]
            )
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
        {
            throw UploadStateStoreError.duplicate(kind: "upload", id: record.fileId)
        }
    }

    public func upload(fileId: String) async throws -> UploadRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM uploads WHERE file_id = ?", arguments: [fileId])
                .map(Self.uploadRecord)
        }
    }

    /// The upload stored under `objectKey`: found through the file id the key is made of
    /// (``UploadRecord/objectKey(forFileId:)``; the schema holds every key to that form), so no
    /// index on the key itself is kept up to date on every insert.
    public func upload(objectKey: String) async throws -> UploadRecord? {
        guard let fileId = UploadRecord.fileId(fromObjectKey: objectKey) else { return nil }
        return try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM uploads WHERE file_id = ? AND object_key = ?", arguments: [fileId, objectKey]
            )
            .map(Self.uploadRecord)
        }
    }

    public func uploads(guestId: String) async throws -> [UploadRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT * FROM uploads WHERE guest_id = ? ORDER BY created_at DESC, rowid DESC",
                arguments: [guestId]
            ).map(Self.uploadRecord)
        }
    }

    public func totalSize(guestId: String, states: Set<UploadState>) async throws -> Int64 {
        guard !states.isEmpty else { return 0 }
        let placeholders = Array(repeating: "?", count: states.count).joined(separator: ", ")
        let arguments: StatementArguments = [guestId] + StatementArguments(states.map(\.rawValue))
        let query = "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE guest_id = ? AND state IN (\(placeholders))"
        return try await read { db in
            try Int64.fetchOne(db, sql: query, arguments: arguments) ?? 0
        }
    }

    public func transition(
        fileId: String,
        from: [UploadState],
        to: UploadState,
        reason: String?,
        audit: AuditEntry?
    ) async throws -> Bool {
        guard !from.isEmpty else { return false }
        let placeholders = Array(repeating: "?", count: from.count).joined(separator: ", ")
        let arguments: StatementArguments =
            [to.rawValue, reason, Date(), fileId] + StatementArguments(from.map(\.rawValue))
        let query = """
            UPDATE uploads SET state = ?, reason = ?, updated_at = ?
            WHERE file_id = ? AND state IN (\(placeholders))
            """
        return try await write { db in
            try db.execute(sql: query, arguments: arguments)
            guard db.changesCount > 0 else { return false }
            if let audit { _ = try Self.insertAudit(audit, db) }
            return true
        }
    }

    public func takeOverStaleScan(fileId: String, staleBefore: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE uploads SET updated_at = ?
                    WHERE file_id = ? AND state = ? AND updated_at <= ?
                    """,
                arguments: [
                    UploadState.takeOverTime(after: staleBefore), fileId, UploadState.scanning.rawValue, staleBefore,
                ])
            return db.changesCount > 0
        }
    }

    public func refreshScan(fileId: String, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET updated_at = ? WHERE file_id = ? AND state = ?",
                arguments: [now, fileId, UploadState.scanning.rawValue])
            return db.changesCount > 0
        }
    }

    public func setMultipart(fileId: String, uploadId: String, partSize: Int64) async throws {
        try await update(
            fileId: fileId,
            sql: "UPDATE uploads SET upload_id = ?, part_size = ?, updated_at = ? WHERE file_id = ?",
            arguments: [uploadId, partSize, Date(), fileId]
        )
    }

    public func setConversation(fileId: String, conversationId: String) async throws {
        try await update(
            fileId: fileId,
            sql: "UPDATE uploads SET conversation_id = ?, updated_at = ? WHERE file_id = ?",
            arguments: [conversationId, Date(), fileId]
        )
    }

    // MARK: Scan results

    public func recordScanResult(_ result: ScanResultRecord) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO scan_results (file_id, verdict, scanner, scanner_version, reason, detected_type,
                        size, sha256, scanned_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    result.fileId, result.verdict.rawValue, result.scanner, result.scannerVersion, result.reason,
                    result.detectedType, result.size, result.sha256, result.scannedAt,
                ]
            )
            if let detected = result.detectedType {
                try db.execute(
                    sql: "UPDATE uploads SET detected_type = ? WHERE file_id = ?",
                    arguments: [detected, result.fileId]
                )
            }
        }
    }

    public func scanResults(fileId: String) async throws -> [ScanResultRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scan_results WHERE file_id = ? ORDER BY id", arguments: [fileId])
                .map { row in
                    ScanResultRecord(
                        fileId: row["file_id"],
                        verdict: UploadState(rawValue: row["verdict"]) ?? .rejected,
                        scanner: row["scanner"],
                        scannerVersion: row["scanner_version"],
                        reason: row["reason"],
                        detectedType: row["detected_type"],
                        size: row["size"],
                        sha256: row["sha256"],
                        scannedAt: row["scanned_at"]
                    )
                }
        }
    }

    // MARK: Audit log

    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry {
        try await write { db in try Self.insertAudit(entry, db) }
    }

    /// One file's audit entries: those in the file index (`upload_linked = 0`, the partial
    /// index's condition, so SQLite uses it), then the entry its upload row names.
    static let fileAuditSQL = """
        SELECT id, at, actor, action, file_id, detail FROM audit_log
        WHERE file_id = ?1 AND upload_linked = 0
        UNION ALL
        SELECT a.id, a.at, a.actor, a.action, a.file_id, a.detail
        FROM uploads u JOIN audit_log a ON a.id = u.admission_audit_id
        WHERE u.file_id = ?1 AND a.file_id = ?1 AND a.upload_linked = 1
        ORDER BY id
        """

    /// The audit entries about `fileId` (every entry when `nil`), in the order they were written.
    ///
    /// The audit log's file index leaves out the entry each upload ticket writes with its upload
    /// row (`upload_linked = 1`, a random B-tree insert fewer per ticket); that entry is found
    /// through the row's `admission_audit_id` (``StateMigrations/registerAdmissionAudit(in:)``).
    public func auditEntries(fileId: String?) async throws -> [AuditEntry] {
        try await read { db in
            let rows: [Row]
            if let fileId {
                rows = try Row.fetchAll(db, sql: Self.fileAuditSQL, arguments: [fileId])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id")
            }
            return rows.map { row in
                AuditEntry(
                    id: row["id"],
                    at: row["at"],
                    actor: row["actor"],
                    action: row["action"],
                    fileId: row["file_id"],
                    detail: row["detail"]
                )
            }
        }
    }

    // MARK: Guests

    public func upsertGuest(_ guest: GuestRecord) async throws -> GuestRecord {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO guests (guest_id, session_token_hash, deployment_id, created_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (session_token_hash, deployment_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
                    """,
                arguments: [
                    guest.guestId, guest.sessionTokenHash, guest.deploymentId, guest.createdAt, guest.lastSeenAt,
                ]
            )
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM guests WHERE session_token_hash = ? AND deployment_id = ?",
                arguments: [guest.sessionTokenHash, guest.deploymentId]
            )
            guard let row else { throw UploadStateStoreError.database("guest vanished after upsert") }
            return Self.guestRecord(row)
        }
    }

    public func guest(id: String) async throws -> GuestRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM guests WHERE guest_id = ?", arguments: [id]).map(Self.guestRecord)
        }
    }

    // MARK: Helpers

    private func update(fileId: String, sql: String, arguments: StatementArguments) async throws {
        let changed = try await write { db in
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
        if changed == 0 { throw UploadStateStoreError.notFound(kind: "upload", id: fileId) }
    }

    private func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch let error as UploadStateStoreError {
            throw error
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }

    private func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as UploadStateStoreError {
            throw error
        } catch {
            throw UploadStateStoreError.database("\(error)")
        }
    }

    /// Appends an audit entry; `linkedToUpload` when the upload row written next in the same
    /// admission names it (`admission_audit_id`), which keeps it out of the file index.
    static func insertAudit(_ entry: AuditEntry, linkedToUpload: Bool = false, _ db: Database) throws -> AuditEntry {
        try db.cachedStatement(
            sql: "INSERT INTO audit_log (at, actor, action, file_id, detail, upload_linked) VALUES (?, ?, ?, ?, ?, ?)"
        ).execute(
            arguments: [
                SQLiteTimestamp.text(entry.at), entry.actor, entry.action, entry.fileId, entry.detail,
                linkedToUpload ? 1 : 0,
            ]
        )
        var stored = entry
        stored.id = db.lastInsertedRowID
        return stored
    }

    private static func uploadRecord(_ row: Row) -> UploadRecord {
        UploadRecord(
            fileId: row["file_id"],
            guestId: row["guest_id"],
            objectKey: row["object_key"],
            filename: row["filename"],
            contentType: row["content_type"],
            size: row["size"],
            sha256: row["sha256"],
            uploadId: row["upload_id"],
            partSize: row["part_size"],
            state: UploadState(rawValue: row["state"]) ?? .rejected,
            reason: row["reason"],
            detectedType: row["detected_type"],
            createdAt: row["created_at"],
            updatedAt: row["updated_at"],
            conversationId: row["conversation_id"]
        )
    }

    private static func guestRecord(_ row: Row) -> GuestRecord {
        GuestRecord(
            guestId: row["guest_id"],
            sessionTokenHash: row["session_token_hash"],
            deploymentId: row["deployment_id"],
            createdAt: row["created_at"],
            lastSeenAt: row["last_seen_at"]
        )
    }
}
