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
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    private let migrations: PostgresMigrationGate

    /// Creates the pool and starts it; no connection is made until the first query.
    public static func open(settings: PostgresConnectionSettings, logger: Logger) -> PostgresStateDatabase {
        PostgresStateDatabase(settings: settings, logger: logger)
    }

    private init(settings: PostgresConnectionSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
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

    /// Stops the pool: open connections are closed, later queries fail.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Applies pending migrations (once per process; again after a failure).
    /// - Throws: ``UploadStateStoreError/database(_:)`` when the server cannot be reached or a
    ///   migration fails.
    public func migrate() async throws {
        try await migrations.run { [self] in
            do {
                try await PostgresMigrations.apply(client: client, schema: settings.schema, logger: logger)
            } catch {
                throw UploadStateStoreError.database("migration failed: \(Self.describe(error))")
            }
        }
    }

    /// A cheap round trip for `/healthz`: the server's version.
    public func ping() async throws -> String {
        do {
            let rows = try await client.query("SHOW server_version", logger: logger)
            var version = "?"
            for try await (value) in rows.decode(String.self) { version = value }
            return "\(settings) (PostgreSQL \(version))"
        } catch {
            throw UploadStateStoreError.database(Self.describe(error))
        }
    }

    /// Runs one SQL statement as it is, for tests (never with outside input).
    func executeForTesting(_ sql: String) async throws {
        _ = try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).collect()
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
