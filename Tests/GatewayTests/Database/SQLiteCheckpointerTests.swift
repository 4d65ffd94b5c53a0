import Foundation
import GRDB
import Logging
import Testing

@testable import Gateway

@Suite("SQLite checkpoints off the write path")
struct SQLiteCheckpointerTests {
    /// A new, empty directory for one test's database files (the test removes it).
    private static func makeDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "attache-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The `-wal` file's size while a writer commits `transactions` transactions of `rowBytes`.
    private static func largestLog(
        database: StateDatabase, path: String, transactions: Int, rowBytes: Int
    ) async throws -> Int {
        let pool = try database.pool
        try await pool.write { db in try db.execute(sql: "CREATE TABLE filler (bytes BLOB NOT NULL)") }
        let row = Data(repeating: 0xA5, count: rowBytes)
        var largest = 0
        for _ in 0..<transactions {
            try await pool.write { db in try db.execute(sql: "INSERT INTO filler (bytes) VALUES (?)", arguments: [row])
            }
            try await Task.sleep(for: .milliseconds(20))
            let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
        return largest
    }

    @Test(
        "The writer's log is copied back and restarted by the checkpointer, not left to grow", .timeLimit(.minutes(1)))
    func logStaysBounded() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let database = try StateDatabase(location: .sqlite(path: path))
        // 150 transactions of 256 KiB: 37.5 MiB through the log, below the writer's own
        // automatic checkpoint (64 MiB), so only the checkpointer can restart the log.
        let written = 150 * (256 << 10)
        let largest = try await Self.largestLog(database: database, path: path, transactions: 150, rowBytes: 256 << 10)
        #expect(largest < written / 4, "the log reached \(largest) bytes of \(written) written")
        let autocheckpoint = try await database.pool.write { db in
            try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint")
        }
        #expect(autocheckpoint == SQLiteCheckpointer.fallbackBytes / StateDatabase.pageSize)
        try await database.close()
        // Closed: the data is all in the database file.
        let reopened = try DatabaseQueue(path: path)
        #expect(try await reopened.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filler") } == 150)
        try reopened.close()
    }

    @Test(
        "A new database gets 2 KiB pages, an existing one keeps its own; the thresholds follow the page size, the writer's 8 MiB cache does not"
    )
    func pageSize() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let existing = directory.appendingPathComponent("existing.sqlite").path
        let old = try DatabaseQueue(path: existing)
        try await old.write { db in try db.execute(sql: "CREATE TABLE kept (value INTEGER)") }
        try old.close()

        for (path, expected) in [(directory.appendingPathComponent("new.sqlite").path, 2048), (existing, 4096)] {
            let database = try StateDatabase(location: .sqlite(path: path))
            let (pageSize, autocheckpoint, cacheSize) = try await database.pool.write { db in
                (
                    try Int.fetchOne(db, sql: "PRAGMA page_size"),
                    try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint"),
                    try Int.fetchOne(db, sql: "PRAGMA cache_size")
                )
            }
            #expect(pageSize == expected, "\(path)")
            // The writer's page cache is set in KiB (a negative cache_size), whatever the page size.
            #expect(cacheSize == -(8 << 10))
            #expect(autocheckpoint == (64 << 20) / expected)
            #expect(try #require(database.checkpointer).restartFrames == (4 << 20) / expected)
            try await database.close()
        }
    }

    @Test(
        "A reader holding the log makes RESTART give up and later attempts back off; once it ends the log is short again",
        .timeLimit(.minutes(1)))
    func longReaderBacksOff() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The server's configuration: the writer's own checkpoint at 64 MiB, so only the
        // checkpointer's RESTART can restart the log here.
        let database = try StateDatabase(location: .sqlite(path: directory.appendingPathComponent("state.sqlite").path))
        let pool = try database.pool
        let checkpointer = try #require(database.checkpointer)
        try await pool.write { db in try db.execute(sql: "CREATE TABLE filler (bytes BLOB NOT NULL)") }
        let row = Data(repeating: 0x5A, count: 512 << 10)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let reading = AsyncStream<Void>.makeStream()
            group.addTask {
                // A read transaction that keeps its snapshot (and the log) for 3 s.
                try await pool.read { db in
                    _ = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM filler")
                    reading.continuation.finish()
                    Thread.sleep(forTimeInterval: 3)
                }
            }
            for await _ in reading.stream {}
            // 8 MiB through the log while the reader holds it: past the RESTART threshold.
            for _ in 0..<16 {
                try await pool.write { db in
                    try db.execute(sql: "INSERT INTO filler (bytes) VALUES (?)", arguments: [row])
                }
            }
            try await group.waitForAll()
        }
        let busy = checkpointer.busyRestarts
        // In the ~3 s the reader held the log, passes every 250 ms would have tried 10 or more
        // RESTARTs without backoff; with it, 250 ms, 500 ms, 1 s, 2 s apart: at most 4.
        #expect((1...5).contains(busy), "\(busy) RESTARTs gave up")
        // Once the reader is gone the log starts again from the beginning (the next write does it
        // when a pass has copied everything, or a RESTART does).
        let deadline = ContinuousClock.now + .seconds(20)
        while checkpointer.logFrames >= checkpointer.restartFrames, ContinuousClock.now < deadline {
            try await pool.write { db in try db.execute(sql: "INSERT INTO filler (bytes) VALUES (?)", arguments: [row])
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(checkpointer.logFrames < checkpointer.restartFrames, "\(checkpointer.logFrames) frames")
        try await database.close()
    }

    @Test("Closing stops the checkpoints", .timeLimit(.minutes(1)))
    func closeStops() async throws {
        let directory = try Self.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("state.sqlite").path
        let pool = try DatabasePool(path: path)
        let checkpointer = try SQLiteCheckpointer(path: path, interval: .milliseconds(20), logger: .init(label: "test"))
        while checkpointer.completedPasses < 3 { try await Task.sleep(for: .milliseconds(10)) }
        try await checkpointer.close()
        let passes = checkpointer.completedPasses
        try await Task.sleep(for: .milliseconds(200))
        #expect(checkpointer.completedPasses == passes)
        try pool.close()
    }
}
