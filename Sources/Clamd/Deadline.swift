import NIOCore

/// Runs `operation`; if it has not finished after `timeout`, closes `channel` (so that the
/// operation's pending I/O fails and it returns) and throws `timeoutError`.
///
/// - Throws: `timeoutError`, or whatever `operation` throws first.
func withDeadline<T: Sendable>(
    _ timeout: Duration,
    closing channel: any Channel,
    orThrow timeoutError: ClamdError,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            channel.close(promise: nil)
            throw timeoutError
        }
        return value
    }
}
