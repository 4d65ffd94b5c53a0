import Foundation
import GRDB
import Testing

@testable import Gateway

/// The SQLite `v7-uploads-quota-index` migration on a database written by the schema before it.
@Suite("SQLite quota-index migration")
struct QuotaIndexMigrationTests {
    private static func temporaryDatabase() throws -> (StateDatabase, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("attache-v7-\(UUID().uuidString)")
        let database = try StateDatabase(
            location: .sqlite(path: directory.appendingPathComponent("state.sqlite").path))
        return (database, directory)
    }

    @Test("Rows, their order and every column survive the table rebuild; lookups and constraints hold after it")
    func rebuildKeepsRows() async throws {
        let (database, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        let pool = try database.pool
        try StateMigrations.migrator.migrate(pool, upTo: "v6-audit-chain")
        // Three uploads of one guest created in the same instant: only rowid orders them.
        let created = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = ["b-second", "a-first", "c-third"]
        try await pool.write { db in
            for id in ids {
                try db.execute(
                    sql: """
                        INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, state,
                            created_at, updated_at, announced_at, retention_claimed_by)
                        VALUES (?, 'guest-1', ?, 'a.pdf', 'application/pdf', 10, 'clean', ?, ?, ?, 'sweeper')
                        """, arguments: [id, UploadRecord.objectKey(forFileId: id), created, created, created])
            }
        }
        let store = try GRDBUploadStateStore(database: database)
        #expect(try await store.uploads(guestId: "guest-1").map(\.fileId) == ids.reversed())
        let moved = try pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT announced_at, retention_claimed_by FROM uploads WHERE file_id = 'a-first'")
        }
        #expect(moved?["retention_claimed_by"] == "sweeper")
        #expect((moved?["announced_at"] as Date?) == created)
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
    }

    @Test("The quota sum reads the guest index alone")
    func quotaSumIsCovered() async throws {
        let (database, directory) = try Self.temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try GRDBUploadStateStore(database: database)
        let plan = try await database.pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    EXPLAIN QUERY PLAN SELECT COALESCE(SUM(size), 0) FROM uploads
                    WHERE guest_id = ? AND state IN (?, ?, ?, ?)
                    """, arguments: ["g", "awaiting_upload", "uploaded", "scanning", "clean"]
            ).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX uploads_guest") }, "\(plan)")
    }
}
