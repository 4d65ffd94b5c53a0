import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The gateway's PostgreSQL connection pool: postgres-nio's `PostgresClient`, run for as long as
/// this object is open, and the schema migrations applied once before first use.
///
/// ``open(settings:logger:)`` starts the client's `run()` in a task this object owns (the
/// gateway runtime's lifecycle: opened with the runtime, stopped by ``close()``). Migrations run
/// lazily on the first query under an advisory lock, so several replicas starting together
/// apply each one once; a failure (server down) is retried on the next query instead of
/// needing a restart.
public final class PostgresStateDatabase: Sendable {
    /// The server and database, without the password in any description.
    public let settings: PostgresConnectionSettings
    /// How long a query waits for a connection before it fails (server down or restarting,
    /// pool exhausted): requests then fail fast instead of hanging, and succeed again once the
    /// pool reconnects.
    public let leaseTimeout: Duration
    /// How long an operation may run on its connection before that connection is closed, which
    /// fails the operation (``withConnection(limited:_:)``): a statement stuck on a server
    /// that went away must not hold its request open. Migrations are not limited.
    public let statementLimit: Duration
    /// How long an operation whose connection was closed (by the server, the network or the
    /// statement limit) and that still has not ended is waited for before its caller gets an
    /// error and the operation is left to its owned task.
    public let abandonAfter: Duration
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let migrations: PostgresMigrationGate
    private let operations = OwnedOperations()

    /// Creates the pool and starts it; no connection is made until the first query.
    public static func open(
        settings: PostgresConnectionSettings, logger: Logger, leaseTimeout: Duration = .seconds(5),
        statementLimit: Duration = .seconds(20), abandonAfter: Duration = .seconds(2)
    ) -> PostgresStateDatabase {
        PostgresStateDatabase(
            settings: settings, logger: logger, leaseTimeout: leaseTimeout, statementLimit: statementLimit,
            abandonAfter: abandonAfter)
    }

    private init(
        settings: PostgresConnectionSettings, logger: Logger, leaseTimeout: Duration, statementLimit: Duration,
        abandonAfter: Duration
    ) {
        self.settings = settings
        self.logger = logger
        self.leaseTimeout = leaseTimeout
        self.statementLimit = statementLimit
        self.abandonAfter = abandonAfter
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username,
            password: settings.password, database: settings.database, tls: Self.tls(settings.tls))
        configuration.options.connectTimeout = .seconds(5)
        if let schema = settings.schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
        migrations = PostgresMigrationGate()
    }

    private static func tls(_ mode: PostgresConnectionSettings.TLSMode) -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .require: .require(.makeClientConfiguration())
        case .prefer: .prefer(.makeClientConfiguration())
        }
    }

    /// How many operations are still running in the database's own tasks (those whose callers
    /// stopped waiting included).
    var runningOperations: Int { operations.count }

    /// Stops the pool: operations still running are cancelled, open connections are closed,
    /// later queries fail.
    public func close() async {
        operations.cancelAll()
        runner.cancel()
        await runner.value
    }

    /// Applies pending migrations (once per process; again after a failure).
    /// - Throws: ``UploadStateStoreError/database(_:)`` when the server cannot be reached or a
    ///   migration fails.
    public func migrate() async throws {
        try await migrations.run { [self] in
            do {
                try await withConnection(limited: false) { [logger, settings] connection in
                    try await PostgresMigrations.apply(connection: connection, schema: settings.schema, logger: logger)
                }
            } catch {
                throw UploadStateStoreError.database("migration failed: \(Self.describe(error))")
            }
        }
    }

    /// A cheap round trip for `/healthz`: the server's version.
    public func ping() async throws -> String {
        do {
            let version = try await withConnection { [logger] connection in
                let rows = try await connection.query("SHOW server_version", logger: logger).collect()
                return try rows.first?.decode(String.self) ?? "?"
            }
            return "\(settings) (PostgreSQL \(version))"
        } catch {
            throw UploadStateStoreError.database(Self.describe(error))
        }
    }

    /// Runs `body` with a pooled connection, waiting at most ``leaseTimeout`` for one, then
    /// (when `limited`) letting it run for at most ``statementLimit`` before its connection is
    /// closed, which makes the statement in flight fail. A statement on a connection whose
    /// server went away (stopped, restarted, unreachable) could otherwise hold its request
    /// until the connection's TCP timeout.
    ///
    /// The lease and `body` run in a task this object owns, not in the caller's: the caller
    /// stops waiting at its deadline even when the driver does not answer a cancelled lease or
    /// a statement on a connection that was closed (``abandonAfter`` after the close); such a
    /// task is cancelled and left to end on its own, and ``close()`` cancels any still running.
    /// - Throws: ``UploadStateStoreError/database(_:)`` when no connection came in time or the
    ///   operation did not end after its connection was closed; the driver's error when the
    ///   connection was closed under a statement.
    func withConnection<T: Sendable>(
        limited: Bool = true,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let pooled = PooledOperation()
        let outcome = OperationOutcome<T>()
        let operation = operations.start { [client] in
            do {
                let value = try await client.withConnection { connection in
                    guard pooled.leased(connection) else { throw CancellationError() }
                    let result: Result<T, any Error>
                    do { result = .success(try await body(connection)) } catch { result = .failure(error) }
                    await pooled.finish()
                    return try result.get()
                }
                outcome.resolve(.success(value))
            } catch {
                outcome.resolve(.failure(error))
            }
        }
        // No effect once it ended; otherwise the caller stopped waiting (a deadline, cancelled).
        defer { operation.cancel() }
        let deadlines = OperationDeadlines(
            lease: leaseTimeout, statement: limited ? statementLimit : nil, abandonAfter: abandonAfter)
        // A cancelled caller stops waiting at once (a health check's timeout, a client gone) with
        // `CancellationError`; its statement may still complete in the database's task.
        return try await withThrowingTaskGroup(of: T?.self) { [operations, logger] group in
            group.addTask { try await outcome.value() }
            group.addTask {
                try await deadlines.enforce(on: pooled, operations: operations, logger: logger)
                return nil
            }
            while let result = try await group.next() {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            throw UploadStateStoreError.database("PostgreSQL operation ended without a result")
        }
    }

    /// The migration versions recorded in `attache_schema_migrations`, ascending.
    public func appliedMigrations() async throws -> [Int] {
        try await migrate()
        return try await withConnection { [logger] connection in
            try await connection.query("SELECT version FROM attache_schema_migrations ORDER BY version", logger: logger)
                .collect().map { try $0.decode(Int.self) }
        }
    }

    /// Runs one SQL statement as it is, for tests (never with outside input).
    func executeForTesting(_ sql: String) async throws {
        try await withConnection { [logger] connection in
            try await connection.perform(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    /// A description of a postgres-nio error without query parameters or credentials: the
    /// server's SQLSTATE and message, or the client-side error code.
    static func describe(_ error: any Error) -> String {
        if let error = error as? UploadStateStoreError { return error.description }
        guard let error = error as? PSQLError else { return "\(type(of: error)): \(error)" }
        if let server = error.serverInfo {
            let state = server[.sqlState] ?? "?"
            return "PostgreSQL \(state): \(server[.message] ?? "error")"
        }
        let underlying = error.underlying.map { ": \($0)" } ?? ""
        return "PostgreSQL client error \(error.code)\(underlying)"
    }

    /// The server's SQLSTATE for an error, if it came from the server.
    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

/// Runs the migrations once per process; a failed run is retried by the next caller.
actor PostgresMigrationGate {
    private var done = false
    private var running: Task<Void, any Error>?

    func run(_ body: @escaping @Sendable () async throws -> Void) async throws {
        if done { return }
        if let running { return try await running.value }
        let task = Task { try await body() }
        running = task
        do {
            try await task.value
            done = true
            running = nil
        } catch {
            running = nil
            throw error
        }
    }
}

extension PostgresConnection {
    /// Runs a statement and reads its result to the end, so that a failure is thrown here and the
    /// connection is free for the next statement.
    func perform(_ query: PostgresQuery, logger: Logger) async throws {
        _ = try await self.query(query, logger: logger).collect()
    }
}
