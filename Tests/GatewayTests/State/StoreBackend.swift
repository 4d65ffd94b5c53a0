import Foundation
import GRDB
import Logging
import TestSupport
import Testing

@testable import Gateway

/// What the store tests need of a state store, on either backend.
protocol StoreUnderTest: FileAccessStateStore, UploadQuotaStore, RecoveryStore {
    func recoveryClaim(fileId: String) async throws -> RecoveryClaimRecord?
}

extension GRDBUploadStateStore: StoreUnderTest {}
extension PostgresUploadStateStore: StoreUnderTest {}

/// A state-store backend the store test suite runs against: SQLite always, PostgreSQL when
/// `ATTACHE_TEST_POSTGRES_URL` is set (scripts/test starts one) and always under `CI=true`,
/// where a missing server fails the PostgreSQL cases.
enum StoreBackend: String, Sendable, CustomTestStringConvertible, CaseIterable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends to run: SQLite, plus PostgreSQL when available.
    static var available: [StoreBackend] {
        TestEnvironment.isAvailable(.postgres) ? [.sqlite, .postgres] : [.sqlite]
    }

    /// Opens a fresh, empty database on this backend (a temporary SQLite file, or a new schema
    /// in the test PostgreSQL database), runs `body` with one or more store instances on it
    /// (`instances` > 1: separate pools, as separate replicas would have), then removes it.
    func withDatabase<T: Sendable>(
        instances: Int = 1, _ body: ([any StoreUnderTest], TestDatabase) async throws -> T
    ) async throws -> T {
        let database = try TestDatabase(backend: self)
        let stores = try await (0..<instances).asyncMap { _ in try await database.openStore() }
        do {
            let result = try await body(stores, database)
            try await database.close()
            return result
        } catch {
            try? await database.close()
            throw error
        }
    }

    /// Runs `body` with one store on a fresh database.
    func withStore<T: Sendable>(_ body: (any StoreUnderTest) async throws -> T) async throws -> T {
        try await withDatabase { stores, _ in try await body(stores[0]) }
    }
}

/// One fresh database of a test, and the store instances opened on it.
final class TestDatabase: @unchecked Sendable {
    let backend: StoreBackend
    private let sqlitePath: String
    private let postgres: PostgresConnectionSettings?
    private var opened: [PostgresStateDatabase] = []
    private var pools: [DatabasePool] = []
    private let lock = NSLock()

    init(backend: StoreBackend) throws {
        self.backend = backend
        sqlitePath =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("attache-state-\(UUID().uuidString)")
            .appendingPathComponent("state.sqlite").path
        switch backend {
        case .sqlite:
            postgres = nil
        case .postgres:
            var settings = try PostgresConnectionSettings(url: try TestEnvironment.require(.postgres))
            settings.schema = "attache_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            postgres = settings
        }
    }

    /// Opens another store instance (its own pool) on this database.
    func openStore() async throws -> any StoreUnderTest {
        if let postgres {
            var logger = Logger(label: "attache.test.pg")
            logger.logLevel = .warning
            let database = PostgresStateDatabase.open(settings: postgres, logger: logger)
            lock.withLock { opened.append(database) }
            return PostgresUploadStateStore(database: database)
        }
        let database = try StateDatabase(location: .sqlite(path: sqlitePath))
        let store = try GRDBUploadStateStore(database: database)
        lock.withLock { pools.append(store.pool) }
        return store
    }

    /// Runs raw SQL on the database (through the first store's connection).
    func execute(_ sql: String) async throws {
        if let database = lock.withLock({ opened.first }) {
            try await database.executeForTesting(sql)
        } else if let pool = lock.withLock({ pools.first }) {
            try await pool.write { db in try db.execute(sql: sql) }
        }
    }

    /// Closes every instance and removes the database (the schema, or the file's directory).
    func close() async throws {
        let (databases, sqlitePools) = lock.withLock { (opened, pools) }
        if let first = databases.first, let schema = postgres?.schema {
            try? await first.executeForTesting("DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE")
        }
        for database in databases { await database.close() }
        for pool in sqlitePools { try pool.close() }
        if backend == .sqlite {
            try? FileManager.default.removeItem(
                atPath: URL(fileURLWithPath: sqlitePath).deletingLastPathComponent().path)
        }
    }
}

extension Range where Bound == Int {
    /// Maps sequentially with an async transform.
    func asyncMap<T>(_ transform: (Int) async throws -> T) async throws -> [T] {
        var results: [T] = []
        for index in self { results.append(try await transform(index)) }
        return results
    }
}
