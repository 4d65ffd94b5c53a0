import Foundation
import GRDB

@testable import Gateway

/// A GRDB state store on a fresh temporary SQLite file, for tests.
func makeTemporaryStateStore() throws -> GRDBUploadStateStore {
    try GRDBUploadStateStore(database: makeTemporaryStateDatabase(prefix: "attache-state").0)
}

/// A state database on a fresh temporary SQLite file, not yet migrated, and the directory
/// holding it (for the caller to remove).
func makeTemporaryStateDatabase(prefix: String) throws -> (StateDatabase, URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    let database = try StateDatabase(location: .sqlite(path: directory.appendingPathComponent("state.sqlite").path))
    return (database, directory)
}

/// SQLite's plan for `sql` (the `EXPLAIN QUERY PLAN` details) on a fresh, fully migrated state
/// database.
func queryPlanOnFreshStateDatabase(_ sql: String, arguments: StatementArguments) async throws -> [String] {
    let (database, directory) = try makeTemporaryStateDatabase(prefix: "attache-plan")
    defer { try? FileManager.default.removeItem(at: directory) }
    _ = try GRDBUploadStateStore(database: database)
    let plan = try await database.pool.read { db in
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
            $0["detail"] as String? ?? ""
        }
    }
    try await database.close()
    return plan
}

/// A record with test defaults.
func sampleUpload(
    fileId: String = UUID().uuidString.lowercased(),
    guestId: String = "guest-1",
    size: Int64 = 1_000,
    state: UploadState = .awaitingUpload
) -> UploadRecord {
    UploadRecord(
        fileId: fileId,
        guestId: guestId,
        filename: "invoice.pdf",
        contentType: "application/pdf",
        size: size,
        sha256: nil,
        state: state,
        createdAt: Date(timeIntervalSince1970: 1_800_000_000)
    )
}
