import Foundation
import GRDB

/// The gateway's state store.
///
/// SQLite through GRDB (a WAL-mode `DatabasePool`, so readers never wait on the writer) is the
/// default and serves a single process. PostgreSQL for several replicas is selected by a
/// `postgres://` URL and is not built yet: opening one fails with a clear error.
public final class StateDatabase: Sendable {
    /// The underlying GRDB pool.
    public let pool: DatabasePool
    /// Where the database lives, without secrets.
    public let location: DatabaseLocation

    /// Opens (and creates, with its directory) the database at `location`.
    /// - Throws: ``StateDatabaseError`` when the file cannot be opened or the backend is unsupported.
    public init(location: DatabaseLocation) throws(StateDatabaseError) {
        self.location = location
        switch location {
        case .postgres:
            throw .unsupportedBackend(
                "PostgreSQL is not supported by this version yet; use ATTACHE_DATABASE_URL=sqlite:PATH"
            )
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                var configuration = Configuration()
                configuration.busyMode = .timeout(5)
                pool = try DatabasePool(path: path, configuration: configuration)
            } catch {
                throw .cannotOpen(location: location.description, reason: "\(error)")
            }
        }
    }

    /// A cheap round trip for `/healthz`: the SQLite library version.
    public func ping() async throws -> String {
        let version = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT sqlite_version()")
        }
        return "\(location) (SQLite \(version ?? "?"))"
    }
}

/// Why the state database could not be used.
public enum StateDatabaseError: Error, CustomStringConvertible, Equatable {
    /// The database file or its directory could not be opened or created.
    case cannotOpen(location: String, reason: String)
    /// The configured backend is not available in this build.
    case unsupportedBackend(String)

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason): "cannot open database \(location): \(reason)"
        case .unsupportedBackend(let message): message
        }
    }
}
