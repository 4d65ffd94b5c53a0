import Foundation
import GRDB
import Logging

/// The gateway's state store.
///
/// SQLite through GRDB (a WAL-mode `DatabasePool`, so readers never wait on the writer) is the
/// default and serves a single process. PostgreSQL (``PostgresStateDatabase``), selected by a
/// `postgres://` or `postgresql://` URL, is for several replicas sharing one database.
public final class StateDatabase: Sendable {
    /// Where the database lives, without secrets.
    public let location: DatabaseLocation
    /// The PostgreSQL pool, when ``location`` is a PostgreSQL URL.
    public let postgres: PostgresStateDatabase?
    private let sqlite: DatabasePool?
    /// The SQLite log's checkpointer (internal for tests).
    let checkpointer: SQLiteCheckpointer?

    /// Opens (and creates, with its directory) the SQLite database at `location`, or starts the
    /// PostgreSQL pool for it (no connection is made until the first query).
    /// - Parameters:
    ///   - location: The SQLite file or PostgreSQL URL.
    ///   - logger: Where problems are reported.
    ///   - checkpointsInBackground: Whether a SQLite database's log is checkpointed by a
    ///     ``SQLiteCheckpointer`` (the server) or, as SQLite does by default, inside the commit
    ///     that crosses 1,000 pages (short-lived commands beside a running server).
    /// - Throws: ``StateDatabaseError`` when the file cannot be opened or the URL cannot be used.
    public init(
        location: DatabaseLocation, logger: Logger = Logger(label: "attache.database"),
        checkpointsInBackground: Bool = true
    )
        throws(StateDatabaseError)
    {
        self.location = location
        switch location {
        case .postgres:
            guard let settings = location.postgresSettings else {
                throw .cannotOpen(location: location.description, reason: "the PostgreSQL URL does not parse")
            }
            postgres = PostgresStateDatabase.open(settings: settings, logger: logger)
            sqlite = nil
            checkpointer = nil
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                var configuration = Configuration()
                configuration.busyMode = .timeout(5)
                configuration.prepareDatabase { db in
                    // Pages read through a memory map instead of a pread system call each: every
                    // upload insert touches random pages of the file-id and guest indexes (random
                    // 128-bit ids).
                    try db.execute(sql: "PRAGMA mmap_size = \(Self.mmapBytes)")
                    if !db.configuration.readonly {
                        // A new database gets smaller pages (an existing one keeps its own). The
                        // writer opens first and creates the file, so readers need not say it.
                        try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)")
                        try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
                        if checkpointsInBackground {
                            // The log is checkpointed by `SQLiteCheckpointer`, beside the writer.
                            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                            let pages = SQLiteCheckpointer.pages(SQLiteCheckpointer.fallbackBytes, pageSize: pageSize)
                            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(pages)")
                        }
                        try db.execute(sql: "PRAGMA journal_size_limit = \(SQLiteCheckpointer.logSizeLimit)")
                    }
                }
                let pool = try DatabasePool(path: path, configuration: configuration)
                sqlite = pool
                checkpointer = checkpointsInBackground ? try SQLiteCheckpointer(path: path, logger: logger) : nil
                postgres = nil
            } catch {
                throw .cannotOpen(location: location.description, reason: "\(error)")
            }
        }
    }

    /// The page size of a database this creates: 2 KiB, not SQLite's 4 KiB.
    ///
    /// Every upload ticket inserts at a random place of B-trees (the file id, the guest index; when
    /// this was measured, also the audit log's file index, which the v8 migration spares tickets),
    /// and each page it changes is written whole to the log at commit and again to the file at
    /// the next checkpoint, so smaller pages write less per ticket. Measured on the
    /// ticket benchmark (`scripts/lib/bench_tickets.py`, 2 runs each, same sitting): 16.5 against
    /// 22.6–25.7 KiB written per ticket, 214–216 against 227–231 µs of CPU, 0.318× against
    /// 0.287–0.290× the hello route. 1 KiB pages wrote less still (14.8 KiB) but cost more CPU
    /// (deeper trees). An existing database keeps the page size it was created with.
    static let pageSize = 2048
    /// How much of the SQLite file each connection maps into memory (256 MiB).
    static let mmapBytes = 256 << 20
    /// The writer connection's page cache: 8 MiB (readers keep SQLite's default 2 MiB).
    ///
    /// A compromise between two costs that move in opposite directions, measured with `perf` on
    /// the ticket benchmark (`scripts/lib/bench_tickets.py`), as shares of the gateway's CPU:
    /// - At the end of every write transaction (`sqlite3PagerCommitPhaseTwo`) SQLite spent time
    ///   in a loop over the page cache's hash slots, in the page-cache truncation, that grew with
    ///   the cache: 3.7% with 32 MiB, 1.2% with 8 MiB, 0.3% with 2 MiB.
    /// - A smaller cache reads again more of the pages still in the log (`pread`; pages of the
    ///   file itself come through the memory map): 1.0%, 2.1% and 3.4%.
    ///
    /// The writer's whole transaction work was 27.2%, 24.2% and 26.3% of the CPU.
    static let writerCacheKiB = 8 << 10

    /// The underlying GRDB pool of a SQLite database.
    /// - Throws: ``StateDatabaseError/unsupportedBackend(_:)`` for PostgreSQL.
    public var pool: DatabasePool {
        get throws(StateDatabaseError) {
            guard let sqlite else { throw .unsupportedBackend("\(location) is PostgreSQL, not SQLite") }
            return sqlite
        }
    }

    /// A cheap round trip for `/healthz`: the SQLite library or PostgreSQL server version.
    public func ping() async throws -> String {
        if let postgres { return try await postgres.ping() }
        let version = try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT sqlite_version()")
        }
        return "\(location) (SQLite \(version ?? "?"))"
    }

    /// Closes the SQLite pool, or stops the PostgreSQL pool.
    public func close() async throws {
        if let postgres {
            await postgres.close()
        } else {
            // The pool closes (and checkpoints what is left) whatever the checkpointer reports.
            var stopError: (any Error)?
            do {
                try await checkpointer?.close()
            } catch {
                stopError = error
            }
            try pool.close()
            if let stopError { throw stopError }
        }
    }
}

/// Why the state database could not be used.
public enum StateDatabaseError: Error, CustomStringConvertible, Equatable {
    /// The database file or its directory could not be opened or created.
    case cannotOpen(location: String, reason: String)
    /// The configured backend is not available in this build, or not for this use.
    case unsupportedBackend(String)

    public var description: String {
        switch self {
        case .cannotOpen(let location, let reason): "cannot open database \(location): \(reason)"
        case .unsupportedBackend(let message): message
        }
    }
}
