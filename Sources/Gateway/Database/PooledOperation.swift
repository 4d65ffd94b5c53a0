import Logging
import NIOConcurrencyHelpers
import PostgresNIO

/// Where one pooled operation stands: waiting for a connection, running on one, running on one
/// being closed at the statement limit, ended, or given up on at the lease deadline. The
/// operation's task and its deadline watcher change it under one lock, so a connection is closed
/// only while its operation still holds it, and is handed back to the pool only once closed.
final class PooledOperation: Sendable {
    /// The operation's stage.
    enum Stage {
        case waiting
        case running(PostgresConnection, since: ContinuousClock.Instant)
        case closing(PostgresConnection, Task<Void, Never>)
        case ended
        case expired
    }
    private let stage = NIOLockedValueBox(Stage.waiting)

    /// Records the leased connection; `false` when the lease deadline already passed (the
    /// operation must then not run).
    func leased(_ connection: PostgresConnection) -> Bool {
        stage.withLockedValue { stage in
            guard case .waiting = stage else { return false }
            stage = .running(connection, since: .now)
            return true
        }
    }

    /// Gives up waiting for a connection; `false` when one was leased in time.
    func expire() -> Bool {
        stage.withLockedValue { stage in
            guard case .waiting = stage else { return false }
            stage = .expired
            return true
        }
    }

    /// Starts closing the connection if its operation is still running on it (the close runs in
    /// a task of `operations`: closing a connection whose server went away may itself wait).
    /// - Returns: `true` when a close was started.
    func closeConnection(in operations: OwnedOperations) -> Bool {
        stage.withLockedValue { stage in
            guard case .running(let connection, _) = stage else { return false }
            stage = .closing(connection, operations.start { try? await connection.close() })
            return true
        }
    }

    /// The operation on the leased connection ended: waits for a close started at the statement
    /// limit to finish, so the connection goes back to the pool known to be closed.
    func finish() async {
        let closing: Task<Void, Never>? = stage.withLockedValue { stage in
            defer { stage = .ended }
            if case .closing(_, let task) = stage { return task }
            return nil
        }
        await closing?.value
    }

    /// The current stage.
    var current: Stage { stage.withLockedValue { $0 } }
}

/// The deadlines of one pooled operation (``PostgresStateDatabase/withConnection(limited:_:)``),
/// checked every `interval`: a connection within `lease`; the operation's end within `statement`
/// of getting it, when set (past it, the connection is closed, which fails the statement in
/// flight); and, once its connection is closed (by the server, the network or the statement
/// limit), the operation's end within `abandonAfter` (past that, its caller gets an error
/// without waiting any longer).
struct OperationDeadlines: Sendable {
    var lease: Duration
    var statement: Duration?
    var abandonAfter: Duration
    var interval: Duration = .milliseconds(250)

    /// Watches `operation` until a deadline is missed (throws) or it ended (returns); cancelled
    /// when the operation's result arrives first.
    func enforce(on operation: PooledOperation, operations: OwnedOperations, logger: Logger) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        var closedAt: ContinuousClock.Instant?
        while true {
            try await Task.sleep(for: interval)
            let now = clock.now
            switch operation.current {
            case .ended, .expired:
                return
            case .waiting:
                if now - start >= lease, operation.expire() {
                    throw UploadStateStoreError.database(
                        "no PostgreSQL connection within \(lease) (server unreachable or pool exhausted)")
                }
            case .closing:
                closedAt = closedAt ?? now
            case .running(let connection, let since):
                if connection.isClosed {
                    closedAt = closedAt ?? now
                } else if let statement, now - since >= statement, operation.closeConnection(in: operations) {
                    logger.warning(
                        "closing a PostgreSQL connection whose operation ran past its limit",
                        metadata: ["limit": "\(statement)"])
                    closedAt = now
                }
            }
            if let closedAt, now - closedAt >= abandonAfter { throw abandoned(logger) }
        }
    }

    /// The error for a caller that stops waiting for an operation whose connection was closed.
    private func abandoned(_ logger: Logger) -> UploadStateStoreError {
        logger.error(
            "a PostgreSQL operation did not end after its connection was closed; its caller stops waiting",
            metadata: ["grace": "\(abandonAfter)"])
        return .database("PostgreSQL operation did not end within \(abandonAfter) after its connection was closed")
    }
}
