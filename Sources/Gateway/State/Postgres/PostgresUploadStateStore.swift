import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL state store, for several gateway replicas sharing one database: uploads,
/// guests, scan results and an append-only audit log (a trigger refuses updates and deletes),
/// with the same semantics as ``GRDBUploadStateStore``.
///
/// Races between replicas are settled by the database: ``transition(fileId:from:to:reason:audit:)``
/// is one `UPDATE … WHERE state = ANY(…)` (the row lock makes the second writer re-check the
/// state), the quota check and the insert share a transaction serialised per guest by an
/// advisory lock, and recovery claims take rows with `FOR UPDATE SKIP LOCKED`.
public final class PostgresUploadStateStore: UploadStateStore {
    /// The connection pool the store uses.
    public let database: PostgresStateDatabase
    let logger: Logger

    /// Uses `database`; its migrations run before the first query.
    public init(database: PostgresStateDatabase) {
        self.database = database
        logger = database.logger
    }

    static let uploadColumns = """
        file_id, guest_id, object_key, filename, content_type, size, sha256, upload_id, part_size, state,
        reason, detected_type, created_at, updated_at, conversation_id
        """

    // MARK: Uploads

    public func createUpload(_ record: UploadRecord) async throws {
        try await transaction { connection in try await Self.insertUpload(record, connection, self.logger) }
    }

    /// Inserts an upload row (shared with the quota-checked insert).
    static func insertUpload(_ record: UploadRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        do {
            try await connection.perform(
                """
                INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, sha256,
                    upload_id, part_size, state, reason, detected_type, created_at, updated_at, conversation_id)
                VALUES (\(record.fileId), \(record.guestId), \(record.objectKey), \(record.filename),
                    \(record.contentType), \(record.size), \(record.sha256), \(record.uploadId), \(record.partSize),
                    \(record.state.rawValue), \(record.reason), \(record.detectedType), \(record.createdAt),
                    \(record.updatedAt), \(record.conversationId))
                """, logger: logger)
        } catch  where PostgresStateDatabase.sqlState(error) == "23505" {
            throw UploadStateStoreError.duplicate(kind: "upload", id: record.fileId)
        }
    }

    public func upload(fileId: String) async throws -> UploadRecord? {
        try await rows(
            "SELECT \(unescaped: Self.uploadColumns) FROM uploads WHERE file_id = \(fileId)"
        ).first.map(Self.uploadRecord)
    }

    /// The upload stored under `objectKey`, found through the file id the key is made of (the
    /// schema holds every key to the form ``UploadRecord/objectKey(forFileId:)``).
    public func upload(objectKey: String) async throws -> UploadRecord? {
        guard let fileId = UploadRecord.fileId(fromObjectKey: objectKey) else { return nil }
        return try await rows(
            "SELECT \(unescaped: Self.uploadColumns) FROM uploads WHERE file_id = \(fileId) AND object_key = \(objectKey)"
        ).first.map(Self.uploadRecord)
    }

    public func uploads(guestId: String) async throws -> [UploadRecord] {
        try await rows(
            """
            SELECT \(unescaped: Self.uploadColumns) FROM uploads WHERE guest_id = \(guestId)
            ORDER BY created_at DESC, seq DESC
            """
        ).map(Self.uploadRecord)
    }

    public func totalSize(guestId: String, states: Set<UploadState>) async throws -> Int64 {
        guard !states.isEmpty else { return 0 }
        let names = states.map(\.rawValue)
        let row = try await rows(
            """
            SELECT COALESCE(SUM(size), 0)::BIGINT FROM uploads
            WHERE guest_id = \(guestId) AND state = ANY(\(names))
            """
        ).first
        return try row.map { try $0.decode(Int64.self) } ?? 0
    }

    public func transition(
        fileId: String,
        from: [UploadState],
        to: UploadState,
        reason: String?,
        audit: AuditEntry?
    ) async throws -> Bool {
        guard !from.isEmpty else { return false }
        let names = from.map(\.rawValue)
        return try await transaction { connection in
            let changed = try await connection.query(
                """
                UPDATE uploads SET state = \(to.rawValue), reason = \(reason), updated_at = \(Date())
                WHERE file_id = \(fileId) AND state = ANY(\(names)) RETURNING file_id
                """, logger: self.logger
            ).collect()
            guard !changed.isEmpty else { return false }
            if let audit { _ = try await Self.insertAudit(audit, connection, self.logger) }
            return true
        }
    }

    public func takeOverStaleScan(fileId: String, staleBefore: Date) async throws -> Bool {
        // Under READ COMMITTED a second UPDATE of the same row waits for the first to commit and
        // then re-checks the WHERE against the new updated_at, so only one replica matches.
        let scanning = UploadState.scanning.rawValue
        let changed = try await transaction { connection in
            try await connection.query(
                """
                UPDATE uploads SET updated_at = \(UploadState.takeOverTime(after: staleBefore))
                WHERE file_id = \(fileId) AND state = \(scanning) AND updated_at <= \(staleBefore) RETURNING file_id
                """, logger: self.logger
            ).collect()
        }
        return !changed.isEmpty
    }

    public func refreshScan(fileId: String, now: Date) async throws -> Bool {
        let scanning = UploadState.scanning.rawValue
        let changed = try await transaction { connection in
            try await connection.query(
                """
                UPDATE uploads SET updated_at = \(now)
                WHERE file_id = \(fileId) AND state = \(scanning) RETURNING file_id
                """, logger: self.logger
            ).collect()
        }
        return !changed.isEmpty
    }

    public func setMultipart(fileId: String, uploadId: String, partSize: Int64) async throws {
        try await update(
            fileId: fileId,
            """
            UPDATE uploads SET upload_id = \(uploadId), part_size = \(partSize), updated_at = \(Date())
            WHERE file_id = \(fileId) RETURNING file_id
            """)
    }

    public func setConversation(fileId: String, conversationId: String) async throws {
        try await update(
            fileId: fileId,
            """
            UPDATE uploads SET conversation_id = \(conversationId), updated_at = \(Date())
            WHERE file_id = \(fileId) RETURNING file_id
            """)
    }

    // MARK: Scan results

    public func recordScanResult(_ result: ScanResultRecord) async throws {
        try await transaction { connection in
            try await connection.perform(
                """
                INSERT INTO scan_results (file_id, verdict, scanner, scanner_version, reason, detected_type,
                    size, sha256, scanned_at)
                VALUES (\(result.fileId), \(result.verdict.rawValue), \(result.scanner), \(result.scannerVersion),
                    \(result.reason), \(result.detectedType), \(result.size), \(result.sha256), \(result.scannedAt))
                """, logger: self.logger)
            if let detected = result.detectedType {
                try await connection.perform(
                    "UPDATE uploads SET detected_type = \(detected) WHERE file_id = \(result.fileId)",
                    logger: self.logger)
            }
        }
    }

    public func scanResults(fileId: String) async throws -> [ScanResultRecord] {
        try await rows(
            """
            SELECT file_id, verdict, scanner, scanner_version, reason, detected_type, size, sha256, scanned_at
            FROM scan_results WHERE file_id = \(fileId) ORDER BY id
            """
        ).map { row in
            let (fileId, verdict, scanner, version, reason, detected, size, sha256, scannedAt) = try row.decode(
                (String, String, String, String?, String?, String?, Int64?, String?, Date).self)
            return ScanResultRecord(
                fileId: fileId, verdict: UploadState(rawValue: verdict) ?? .rejected, scanner: scanner,
                scannerVersion: version, reason: reason, detectedType: detected, size: size, sha256: sha256,
                scannedAt: scannedAt)
        }
    }

    // MARK: Audit log

    @discardableResult
    public func appendAudit(_ entry: AuditEntry) async throws -> AuditEntry {
        try await transaction { connection in try await Self.insertAudit(entry, connection, self.logger) }
    }

    public func auditEntries(fileId: String?) async throws -> [AuditEntry] {
        let query: PostgresQuery =
            if let fileId {
                "SELECT id, at, actor, action, file_id, detail FROM audit_log WHERE file_id = \(fileId) ORDER BY id"
            } else {
                "SELECT id, at, actor, action, file_id, detail FROM audit_log ORDER BY id"
            }
        return try await rows(query).map { row in
            let (id, at, actor, action, fileId, detail) = try row.decode(
                (Int64, Date, String, String, String?, String?).self)
            return AuditEntry(id: id, at: at, actor: actor, action: action, fileId: fileId, detail: detail)
        }
    }

    static func insertAudit(
        _ entry: AuditEntry, _ connection: PostgresConnection, _ logger: Logger
    )
        async throws -> AuditEntry
    {
        let rows = try await connection.query(
            """
            INSERT INTO audit_log (at, actor, action, file_id, detail)
            VALUES (\(entry.at), \(entry.actor), \(entry.action), \(entry.fileId), \(entry.detail)) RETURNING id
            """, logger: logger
        ).collect()
        var stored = entry
        stored.id = try rows.first?.decode(Int64.self)
        return stored
    }

    // MARK: Guests

    public func upsertGuest(_ guest: GuestRecord) async throws -> GuestRecord {
        let row = try await rows(
            """
            INSERT INTO guests (guest_id, session_token_hash, deployment_id, created_at, last_seen_at)
            VALUES (\(guest.guestId), \(guest.sessionTokenHash), \(guest.deploymentId), \(guest.createdAt),
                \(guest.lastSeenAt))
            ON CONFLICT (session_token_hash, deployment_id) DO UPDATE SET last_seen_at = excluded.last_seen_at
            RETURNING guest_id, session_token_hash, deployment_id, created_at, last_seen_at
            """
        ).first
        guard let row else { throw UploadStateStoreError.database("guest vanished after upsert") }
        return try Self.guestRecord(row)
    }

    public func guest(id: String) async throws -> GuestRecord? {
        try await rows(
            """
            SELECT guest_id, session_token_hash, deployment_id, created_at, last_seen_at
            FROM guests WHERE guest_id = \(id)
            """
        ).first.map(Self.guestRecord)
    }

    // MARK: Helpers

    private func update(fileId: String, _ query: PostgresQuery) async throws {
        if try await rows(query).isEmpty { throw UploadStateStoreError.notFound(kind: "upload", id: fileId) }
    }

    /// Runs one statement (after the migrations) and returns its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await database.migrate()
        do {
            return try await database.withConnection { [logger] connection in
                try await connection.query(query, logger: logger).collect()
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// Runs `body` in a transaction (after the migrations); rolled back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T
    {
        try await database.migrate()
        do {
            return try await database.withConnection { [logger] connection in
                try await connection.withTransaction(logger: logger) { connection in
                    try await body(connection)
                }
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    /// The store's own errors and a cancelled caller's `CancellationError` as they are; anything
    /// else as ``UploadStateStoreError/database(_:)``.
    static func storeError(_ error: any Error) -> any Error {
        if error is UploadStateStoreError || error is CancellationError { return error }
        if let error = error as? PostgresTransactionError {
            if let closure = error.closureError { return storeError(closure) }
            return UploadStateStoreError.database(
                PostgresStateDatabase.describe(error.commitError ?? error.beginError ?? error))
        }
        return UploadStateStoreError.database(PostgresStateDatabase.describe(error))
    }

    private static func uploadRecord(_ row: PostgresRow) throws -> UploadRecord {
        let row = row.makeRandomAccess()
        return UploadRecord(
            fileId: try row["file_id"].decode(String.self),
            guestId: try row["guest_id"].decode(String.self),
            objectKey: try row["object_key"].decode(String.self),
            filename: try row["filename"].decode(String.self),
            contentType: try row["content_type"].decode(String.self),
            size: try row["size"].decode(Int64.self),
            sha256: try row["sha256"].decode(String?.self),
            uploadId: try row["upload_id"].decode(String?.self),
            partSize: try row["part_size"].decode(Int64?.self),
            state: UploadState(rawValue: try row["state"].decode(String.self)) ?? .rejected,
            reason: try row["reason"].decode(String?.self),
            detectedType: try row["detected_type"].decode(String?.self),
            createdAt: try row["created_at"].decode(Date.self),
            updatedAt: try row["updated_at"].decode(Date.self),
            conversationId: try row["conversation_id"].decode(String?.self)
        )
    }

    private static func guestRecord(_ row: PostgresRow) throws -> GuestRecord {
        let (guestId, hash, deployment, createdAt, lastSeenAt) = try row.decode(
            (String, String, String, Date, Date).self)
        return GuestRecord(
            guestId: guestId, sessionTokenHash: hash, deploymentId: deployment, createdAt: createdAt,
            lastSeenAt: lastSeenAt)
    }
}
