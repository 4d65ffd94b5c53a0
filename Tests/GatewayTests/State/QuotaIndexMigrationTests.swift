import Foundation
import GRDB
import Testing

@testable import Gateway

/// The SQLite `v7-uploads-quota-index` migration on a database written by the schema before it.
@Suite("SQLite quota-index migration")
struct QuotaIndexMigrationTests {
    @Test("Rows, their rowids and every column survive the table rebuild; lookups and constraints hold after it")
    func rebuildKeepsRows() async throws {
        let (database, directory) = try makeTemporaryStateDatabase(prefix: "attache-v7")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pool = try database.pool
        try StateMigrations.migrator.migrate(pool, upTo: "v6-audit-chain")
        // Rowids with gaps and out of insertion order; three uploads of one guest created in the
        // same instant, which only rowid orders; every column filled.
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        let rows: [(rowid: Int64, id: String)] = [(9, "c-third"), (2, "a-first"), (5, "b-second")]
        try await pool.write { db in
            for (index, (rowid, id)) in rows.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO uploads (rowid, file_id, guest_id, object_key, filename, content_type, size, sha256,
                            upload_id, part_size, state, reason, detected_type, created_at, updated_at, conversation_id,
                            announced_at, deleted_at, retention_claimed_by, retention_claimed_at)
                        VALUES (?, ?, 'guest-1', ?, ?, 'application/pdf', ?, ?, ?, ?, 'clean', ?, 'application/pdf',
                            ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        rowid, id, UploadRecord.objectKey(forFileId: id), "file \(index).pdf", 10 + index,
                        String(repeating: "\(index)", count: 64), "upload-\(index)", 8 << 20, "reason \(index)",
                        created, created.addingTimeInterval(Double(index)), "conversation-\(index)",
                        created.addingTimeInterval(10), created.addingTimeInterval(20), "sweeper-\(index)",
                        created.addingTimeInterval(30),
                    ])
            }
        }
        let before = try pool.read { db in try Row.fetchAll(db, sql: "SELECT rowid, * FROM uploads ORDER BY rowid") }
        try StateMigrations.migrator.migrate(pool, upTo: "v7-uploads-quota-index")
        let after = try pool.read { db in try Row.fetchAll(db, sql: "SELECT rowid, * FROM uploads ORDER BY rowid") }
        #expect(after == before)
        #expect(after.map { $0["rowid"] as Int64 } == [2, 5, 9])
        let store = try GRDBUploadStateStore(database: database)
        #expect(try await store.uploads(guestId: "guest-1").map(\.fileId) == ["c-third", "b-second", "a-first"])
        #expect(try await store.upload(objectKey: "uploads/a-first")?.fileId == "a-first")
        #expect(try await store.upload(objectKey: "uploads/a-first/x") == nil)
        #expect(try await store.upload(objectKey: "elsewhere/a-first") == nil)

        // The same file id again is still a duplicate; a key not made of the file id is refused.
        await #expect(throws: UploadStateStoreError.duplicate(kind: "upload", id: "a-first")) {
            try await store.createUpload(sampleUpload(fileId: "a-first"))
        }
        var foreignKey = sampleUpload(fileId: "d-fourth")
        foreignKey.objectKey = "uploads/someone-else"
        await #expect(throws: (any Error).self) { try await store.createUpload(foreignKey) }
        #expect(try await store.upload(fileId: "d-fourth") == nil)
        try await database.close()
    }

    @Test("The quota sum reads the guest index alone")
    func quotaSumIsCovered() async throws {
        let plan = try await queryPlanOnFreshStateDatabase(
            "SELECT COALESCE(SUM(size), 0) FROM uploads WHERE guest_id = ? AND state IN (?, ?, ?, ?)",
            arguments: ["g", "awaiting_upload", "uploaded", "scanning", "clean"])
        #expect(plan.contains { $0.contains("COVERING INDEX uploads_guest") }, "\(plan)")
    }
}
