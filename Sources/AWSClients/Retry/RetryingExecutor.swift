import Logging

/// Runs an operation under a ``RetryPolicy``: classifies each failure, sleeps with full jitter and
/// tries again, or gives up and rethrows the last error.
///
/// The clock, the sleep and the random source are injected so tests run instantly and
/// deterministically.
public struct RetryingExecutor: Sendable {
    /// The policy that decides.
    public var policy: RetryPolicy
    /// Returns a number in `[0, 1)`.
    public var random: @Sendable () -> Double
    /// Sleeps for a duration (throws on cancellation).
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The current instant, for the deadline.
    public var now: @Sendable () -> ContinuousClock.Instant

    /// Creates an executor; the defaults use the system random source and the continuous clock.
    /// - Parameters:
    ///   - policy: the retry policy.
    ///   - random: a source of numbers in `[0, 1)`.
    ///   - sleep: how to wait between attempts.
    ///   - now: the clock for the overall deadline.
    public init(
        policy: RetryPolicy,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.policy = policy
        self.random = random
        self.sleep = sleep
        self.now = now
    }

    /// Runs `operation` until it succeeds or the policy gives up.
    /// - Parameters:
    ///   - name: the operation's name for logs.
    ///   - logger: where retries are logged (at debug level, with no request contents).
    ///   - classify: maps a thrown error to a ``RetryableFailure``.
    ///   - operation: one attempt; receives the 1-based attempt number.
    /// - Returns: the first successful result.
    /// - Throws: the last attempt's error when the policy gives up, or `CancellationError`.
    public func run<T: Sendable>(
        _ name: String,
        logger: Logger,
        classify: (any Error) -> RetryableFailure,
        operation: (Int) async throws -> T
    ) async throws -> T {
        let start = now()
        var attempt = 1
        while true {
            do {
                return try await operation(attempt)
            } catch {
                if error is CancellationError { throw error }
                let failure = classify(error)
                let elapsed = now() - start
                switch policy.decision(after: failure, attempt: attempt, elapsed: elapsed, random: random()) {
                case .giveUp:
                    throw error
                case .retry(let delay):
                    logger.debug(
                        "retrying AWS request",
                        metadata: [
                            "operation": "\(name)", "attempt": "\(attempt)", "failure": "\(failure)",
                            "delay": "\(delay)",
                        ]
                    )
                    try await sleep(delay)
                    attempt += 1
                }
            }
        }
    }
}
