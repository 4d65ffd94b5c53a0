import NIOConcurrencyHelpers

/// Tasks a long-lived object owns although their callers may stop waiting for them: a database
/// operation whose caller gave up at its deadline goes on (or is cancelled) here instead of
/// holding the caller. ``cancelAll()`` is the owner's shutdown.
///
/// Each task removes itself when it ends, so only tasks still running are held.
final class OwnedOperations: Sendable {
    private struct Running {
        var next: UInt64 = 0
        var tasks: [UInt64: Task<Void, Never>] = [:]
        var closed = false
    }
    private let running = NIOLockedValueBox(Running())

    /// Starts `body` in a task held until it ends; returns it so the starter can cancel it.
    /// After ``cancelAll()`` a started task is cancelled at once.
    @discardableResult
    func start(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        running.withLockedValue { running in
            let id = running.next
            running.next += 1
            // Created under the lock: the task's own removal (which takes the lock) cannot run
            // before it is recorded.
            let task = Task { [weak self] in
                await body()
                self?.finished(id)
            }
            if running.closed {
                task.cancel()
            } else {
                running.tasks[id] = task
            }
            return task
        }
    }

    /// How many tasks are still running.
    var count: Int { running.withLockedValue { $0.tasks.count } }

    /// Cancels every running task, and any started later.
    func cancelAll() {
        let tasks = running.withLockedValue { running in
            running.closed = true
            return Array(running.tasks.values)
        }
        for task in tasks { task.cancel() }
    }

    private func finished(_ id: UInt64) {
        _ = running.withLockedValue { $0.tasks.removeValue(forKey: id) }
    }
}

/// The result of an operation running in another task, handed to the one caller waiting for
/// it; the caller may stop waiting (cancelled) without the operation's task being awaited.
final class OperationOutcome<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case resolved(Result<Value, any Error>)
        case abandoned
    }
    private let state = NIOLockedValueBox(State.pending)

    /// Hands over the operation's result (only the first call counts).
    func resolve(_ result: Result<Value, any Error>) {
        settle(pendingBecomes: .resolved(result))?.resume(with: result)
    }

    /// Waits for the result; throws `CancellationError` as soon as the waiting task is cancelled.
    /// Called once.
    func value() async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Value, any Error>? = state.withLockedValue { state in
                    switch state {
                    case .pending:
                        state = .waiting(continuation)
                        return nil
                    case .resolved(let result):
                        state = .abandoned
                        return result
                    case .waiting, .abandoned:
                        return .failure(CancellationError())
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            settle(pendingBecomes: .abandoned)?.resume(throwing: CancellationError())
        }
    }

    /// Ends the hand-over from the operation's side or the caller's: a caller already waiting is
    /// returned (to be resumed once, outside the lock); a pending outcome becomes `next`.
    private func settle(pendingBecomes next: State) -> CheckedContinuation<Value, any Error>? {
        state.withLockedValue { state in
            switch state {
            case .pending:
                state = next
                return nil
            case .waiting(let continuation):
                state = .abandoned
                return continuation
            case .resolved, .abandoned:
                return nil
            }
        }
    }
}
