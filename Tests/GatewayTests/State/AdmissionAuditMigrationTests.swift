import Foundation
import GRDB
import Testing

@testable import Gateway

/// The SQLite `v8-admission-audit-link` migration, and the file index it leaves the tickets out of.
@Suite("SQLite admission-audit migration")
struct AdmissionAuditMigrationTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let counted: Set<UploadState> = [.awaitingUpload, .uploaded, .scanning, .clean]

    @Test("Entries written before the migration are found by file as before, beside the tickets written after it")
    func entriesBeforeAndAfter() async throws {
        let (database, directory) = try makeTemporaryStateDatabase(prefix: "attache-v8")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pool = try database.pool
        try StateMigrations.migrator.migrate(pool, upTo: "v7-uploads-quota-index")
        // A ticket as the schema before wrote it: the upload row, then its entry, in the file index.
        let old = sampleUpload(size: 10)
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, state,
                        created_at, updated_at)
                    VALUES (?, 'guest-1', ?, 'old.pdf', 'application/pdf', 10, 'clean', ?, ?)
                    """, arguments: [old.fileId, old.objectKey, Self.t0, Self.t0])
            for action in ["upload.ticket", "scan.clean"] {
                try db.execute(
                    sql: "INSERT INTO audit_log (at, actor, action, file_id) VALUES (?, 'test', ?, ?)",
                    arguments: [Self.t0, action, old.fileId])
            }
        }
        let store = try GRDBUploadStateStore(database: database)
        #expect(try await store.auditEntries(fileId: old.fileId).map(\.action) == ["upload.ticket", "scan.clean"])

        let new = sampleUpload(size: 10)
        let ticket = AuditEntry(at: Self.t0, actor: "guest:guest-1", action: "upload.ticket", fileId: new.fileId)
        #expect(
            try await store.createUpload(new, audit: ticket, withinQuota: 1_000, countedStates: Self.counted)
                == .admitted)
        _ = try await store.appendAudit(
            AuditEntry(at: Self.t0, actor: "worker", action: "scan.clean", fileId: new.fileId))
        #expect(try await store.auditEntries(fileId: new.fileId).map(\.action) == ["upload.ticket", "scan.clean"])
        #expect(try await store.auditEntries(fileId: old.fileId).map(\.action) == ["upload.ticket", "scan.clean"])

        // The new ticket's entry is named by its upload row and is not in the file index.
        let (linkedId, indexed) = try await pool.read { db in
            let linkedId = try Int64.fetchOne(
                db, sql: "SELECT admission_audit_id FROM uploads WHERE file_id = ?", arguments: [new.fileId])
            let indexed = try String.fetchAll(
                db,
                sql: "SELECT action FROM audit_log INDEXED BY audit_log_file WHERE file_id = ? AND upload_linked = 0",
                arguments: [new.fileId])
            return (linkedId, indexed)
        }
        let entries = try await store.auditEntries(fileId: new.fileId)
        #expect(linkedId != nil && linkedId == entries.first?.id)
        #expect(indexed == ["scan.clean"])

        // The file index is partial; the link cannot be changed, the rest of the row can.
        let partial = try await pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT partial FROM pragma_index_list('audit_log') WHERE name = 'audit_log_file'")
        }
        #expect(partial == 1)
        await #expect(throws: DatabaseError.self) {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE uploads SET admission_audit_id = NULL WHERE file_id = ?", arguments: [new.fileId])
            }
        }
        #expect(
            try await store.transition(
                fileId: new.fileId, from: [.awaitingUpload], to: .uploaded, reason: nil, audit: nil))
        #expect(try await store.auditEntries(fileId: new.fileId).map(\.action) == ["upload.ticket", "scan.clean"])
        try await database.close()
    }

    @Test("A file's entries are read through the file index and the upload row, never a scan of the log")
    func perFileQueryUsesIndexes() async throws {
        let plan = try await queryPlanOnFreshStateDatabase(GRDBUploadStateStore.fileAuditSQL, arguments: ["f"])
        #expect(plan.contains { $0.contains("INDEX audit_log_file") }, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH u USING INDEX sqlite_autoindex_uploads") }, "\(plan)")
        #expect(plan.contains { $0.contains("SEARCH a USING INTEGER PRIMARY KEY") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
    }
}
