import Logging
import PostgresNIO
import Synchronization

/// Where one pooled operation stands: waiting for a connection, running on one, ended, or
/// given up on at the lease deadline. The operation's task and its deadline watcher both see it.
final class LeaseDeadline: Sendable {
    /// The operation's stage.
    enum Stage {
        case waiting
        case running(PostgresConnection, since: ContinuousClock.Instant)
        case ended
        case expired
    }
    private let stage = Mutex(Stage.waiting)
    private let closing = Mutex<Task<Void, Never>?>(nil)

    /// Records the leased connection; `false` when the lease deadline already passed (the
    /// operation must then not run).
    func leased(_ connection: PostgresConnection) -> Bool {
        stage.withLock { stage in
            guard case .waiting = stage else { return false }
            stage = .running(connection, since: .now)
            return true
        }
    }

    /// Gives up waiting for a connection; `false` when one was leased in time.
    func expire() -> Bool {
        stage.withLock { stage in
            guard case .waiting = stage else { return false }
            stage = .expired
            return true
        }
    }

    /// The operation on the leased connection ended.
    func finish() {
        stage.withLock { $0 = .ended }
    }

    /// The current stage.
    var current: Stage { stage.withLock { $0 } }

    /// Records the task closing the connection at the statement limit.
    func closingConnection(_ task: Task<Void, Never>) {
        closing.withLock { $0 = task }
    }

    /// Waits until a close started at the statement limit has finished, so that the connection
    /// goes back to the pool known to be closed instead of being leased again meanwhile.
    func awaitClose() async {
        await closing.withLock { $0 }?.value
    }
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
    func enforce(on operation: LeaseDeadline, operations: OwnedOperations, logger: Logger) async throws {
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
            case .running(let connection, let since):
                if let closed = closedAt ?? (connection.isClosed ? now : nil) {
                    closedAt = closed
                    if now - closed >= abandonAfter {
                        logger.error(
                            "a PostgreSQL operation did not end after its connection was closed; its caller stops waiting",
                            metadata: ["grace": "\(abandonAfter)"])
                        throw UploadStateStoreError.database(
                            "PostgreSQL operation did not end within \(abandonAfter) after its connection was closed")
                    }
                } else if let statement, now - since >= statement {
                    logger.warning(
                        "closing a PostgreSQL connection whose operation ran past its limit",
                        metadata: ["limit": "\(statement)"])
                    closedAt = now
                    // Owned, not awaited here: closing a connection whose server went away may wait.
                    operation.closingConnection(operations.start { try? await connection.close() })
                }
            }
        }
    }
}
