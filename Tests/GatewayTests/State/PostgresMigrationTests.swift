import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresNIO
import TestSupport
import Testing

@testable import Gateway

/// PostgreSQL-only behaviour: migrations applied once by replicas starting together, and
/// queries failing fast while the server cannot be reached.
@Suite("PostgreSQL migrations and unreachable server")
struct PostgresMigrationTests {
    @Test(
        "Three instances migrating a new database at once apply each migration exactly once",
        .enabled(if: TestEnvironment.isAvailable(.postgres)))
    func concurrentMigrations() async throws {
        try await StoreBackend.postgres.withDatabase(instances: 3) { stores, database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for store in stores {
                    guard let store = store as? PostgresUploadStateStore else { continue }
                    group.addTask { try await store.database.migrate() }
                }
                try await group.waitForAll()
            }
            let store = try #require(stores.first as? PostgresUploadStateStore)
            let versions = try await store.database.appliedMigrations()
            #expect(versions == PostgresMigrations.all.map(\.version))
            // Every instance works on the migrated schema.
            for instance in stores { #expect(try await instance.upload(fileId: "none") == nil) }
            _ = database
        }
    }

    @Test(
        "v8 on a database holding uploads: rows kept, the quota index covers size, the key check holds for new rows",
        .enabled(if: TestEnvironment.isAvailable(.postgres)))
    func quotaIndexUpgrade() async throws {
        try await StoreBackend.postgres.withDatabase { stores, _ in
            let store = try #require(stores.first as? PostgresUploadStateStore)
            let database = store.database
            let schema = database.settings.schema
            try await database.withConnection(limited: false) { [logger = database.logger] connection in
                try await PostgresMigrations.apply(connection: connection, schema: schema, logger: logger, through: 7)
                for index in 0..<3 {
                    let id = "file-\(index)"
                    try await connection.perform(
                        """
                        INSERT INTO uploads (file_id, guest_id, object_key, filename, content_type, size, state,
                            created_at, updated_at)
                        VALUES (\(id), 'guest-1', \("uploads/" + id), 'a.pdf', 'application/pdf', \(Int64(10 + index)),
                            'clean', now(), now())
                        """, logger: logger)
                }
            }
            let before = try await database.withConnection(limited: false) { [logger = database.logger] connection in
                try await connection.query("SELECT max(version) FROM attache_schema_migrations", logger: logger)
                    .collect().first?.decode(Int.self)
            }
            #expect(before == 7)
            try await database.migrate()
            #expect(try await database.appliedMigrations() == PostgresMigrations.all.map(\.version))
            #expect(try await store.upload(objectKey: "uploads/file-1")?.size == 11)
            #expect(try await store.totalSize(guestId: "guest-1", states: [.clean]) == 33)
            let counted: Set<UploadState> = [.clean, .awaitingUpload]
            let admitted = try await store.createUpload(
                sampleUpload(fileId: "file-4", size: 5), audit: nil, withinQuota: 40, countedStates: counted)
            #expect(admitted == .admitted)
            let refused = try await store.createUpload(
                sampleUpload(fileId: "file-5", size: 5), audit: nil, withinQuota: 40, countedStates: counted)
            #expect(refused == .refused(usedBytes: 38))
            var foreign = sampleUpload(fileId: "file-3")
            foreign.objectKey = "uploads/someone-else"
            await #expect(throws: (any Error).self) { try await store.createUpload(foreign) }
            let catalog = try await store.rows(
                """
                SELECT (SELECT count(*)::INT FROM pg_indexes
                        WHERE schemaname = current_schema() AND indexname = 'uploads_guest_quota'),
                    (SELECT count(*)::INT FROM pg_indexes
                        WHERE schemaname = current_schema() AND indexname = 'uploads_guest'),
                    (SELECT count(*)::INT FROM pg_constraint
                        WHERE conrelid = 'uploads'::regclass AND conname = 'uploads_object_key_key')
                """)
            let (quota, old, unique) = try #require(catalog.first).decode((Int, Int, Int).self)
            #expect(quota == 1)
            #expect(old == 0)
            #expect(unique == 0)
        }
    }

    // No elapsed-time assertion (shared, noisy machines): the time limit only guards against a hang.
    @Test(
        "With no server listening, a store call fails with a database error (no hang, no password)",
        .timeLimit(.minutes(1)))
    func unreachableFailsFast() async throws {
        let settings = PostgresConnectionSettings(
            username: "attache", password: "pw-secret", host: "127.0.0.1", port: 1, database: "attache", tls: .disable)
        var logger = Logger(label: "attache.test.pg")
        logger.logLevel = .critical
        let database = PostgresStateDatabase.open(settings: settings, logger: logger, leaseTimeout: .milliseconds(500))
        let store = PostgresUploadStateStore(database: database)
        do {
            _ = try await store.upload(fileId: "f")
            Issue.record("a call without a server succeeded")
        } catch let error as UploadStateStoreError {
            #expect(error.code == "state.database")
            #expect(!error.description.contains("pw-secret"))
        }
        await database.close()
    }

    // No elapsed-time assertion (shared, noisy machines): the time limit only guards against a hang.
    @Test(
        "An operation running past the statement limit fails (its connection is closed) instead of holding its caller",
        .enabled(if: TestEnvironment.isCI || TestEnvironment.value(.postgres) != nil),
        .timeLimit(.minutes(1)))
    func statementLimit() async throws {
        let settings = try PostgresConnectionSettings(url: try TestEnvironment.require(.postgres))
        var logger = Logger(label: "attache.test.pg")
        logger.logLevel = .critical
        let database = PostgresStateDatabase.open(settings: settings, logger: logger, statementLimit: .seconds(1))
        do {
            // 600 s: far past any time limit, so only the statement limit can end it.
            try await database.executeForTesting("SELECT pg_sleep(600)")
            Issue.record("a statement past the limit completed")
        } catch {
            #expect(!(error is CancellationError), "\(error)")
        }
        // The pool replaces the closed connection: the next operation works.
        #expect(try await database.ping().contains("PostgreSQL"))
        await database.close()
    }

    // A driver that never answers a statement on a closed connection (or a cancelled lease) must
    // not hold the request: the caller stops waiting, the operation goes on in the database's
    // own task until it ends. No elapsed-time assertion; the time limit only guards a hang.
    @Test(
        "An operation that does not end even after its connection was closed stops holding its caller",
        .enabled(if: TestEnvironment.isCI || TestEnvironment.value(.postgres) != nil),
        .timeLimit(.minutes(1)))
    func abandonedOperation() async throws {
        let settings = try PostgresConnectionSettings(url: try TestEnvironment.require(.postgres))
        var logger = Logger(label: "attache.test.pg")
        logger.logLevel = .critical
        // A generous lease timeout: only the statement limit and the grace may end the wait.
        let database = PostgresStateDatabase.open(
            settings: settings, logger: logger, leaseTimeout: .seconds(30), statementLimit: .seconds(1),
            abandonAfter: .milliseconds(500))
        let release = ManualRelease()
        do {
            // Deaf to cancellation and to its connection closing, until released.
            try await database.withConnection { _ in
                while !release.isReleased { try? await Task.sleep(for: .milliseconds(20)) }
            }
            Issue.record("the caller waited for an operation that could not end")
        } catch let error as UploadStateStoreError {
            #expect(error.description.contains("did not end"), "\(error)")
        }
        // Other operations are served meanwhile, and the stuck one ends once released.
        #expect(try await database.ping().contains("PostgreSQL"))
        #expect(database.runningOperations == 1, "the stuck operation goes on in the database's task")
        release.release()
        let deadline = ContinuousClock.now + .seconds(30)
        while database.runningOperations > 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(database.runningOperations == 0, "the stuck operation ends once released")
        await database.close()
    }
}

/// A flag a test sets to let a deliberately stuck operation end.
final class ManualRelease: Sendable {
    private let released = NIOLockedValueBox(false)
    var isReleased: Bool { released.withLockedValue { $0 } }
    func release() { released.withLockedValue { $0 = true } }
}
