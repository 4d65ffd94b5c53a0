import Foundation
import Logging
import TestSupport

@testable import Gateway

/// A fresh PostgreSQL database for one replica test run (`CREATE DATABASE` on the server of
/// `ATTACHE_TEST_POSTGRES_URL`), the URL the gateway processes share, and a store the test
/// reads the outcome through. ``drop()`` removes it.
struct ReplicaDatabase {
    /// `postgres://…/attache_replicas_…?sslmode=disable`, for `ATTACHE_DATABASE_URL`.
    let url: String
    let name: String
    let store: PostgresUploadStateStore
    private let admin: PostgresStateDatabase
    private let database: PostgresStateDatabase

    static func create() async throws -> ReplicaDatabase {
        let adminURL = try TestEnvironment.require(.postgres)
        var logger = Logger(label: "attache.test.replicas.pg")
        logger.logLevel = .warning
        let admin = PostgresStateDatabase.open(settings: try PostgresConnectionSettings(url: adminURL), logger: logger)
        let name = "attache_replicas_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        do {
            try await admin.executeForTesting("CREATE DATABASE \(name)")
        } catch {
            await admin.close()
            throw error
        }
        guard var components = URLComponents(string: adminURL) else {
            throw ReplicaTestError("ATTACHE_TEST_POSTGRES_URL is not a URL")
        }
        components.path = "/" + name
        guard let url = components.string else { throw ReplicaTestError("cannot build the database URL") }
        let database = PostgresStateDatabase.open(settings: try PostgresConnectionSettings(url: url), logger: logger)
        return ReplicaDatabase(
            url: url, name: name, store: PostgresUploadStateStore(database: database), admin: admin,
            database: database)
    }

    /// The uploads' records, by file id (a missing record is left out).
    func records(_ fileIds: [String]) async throws -> [String: UploadRecord] {
        var records: [String: UploadRecord] = [:]
        for fileId in fileIds {
            if let record = try await store.upload(fileId: fileId) { records[fileId] = record }
        }
        return records
    }

    /// Closes the pools and drops the database (the gateways must be gone).
    func drop() async {
        await database.close()
        try? await admin.executeForTesting("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        await admin.close()
    }
}
