/// When and how long to wait before retrying a failed AWS request: exponential backoff with
/// full jitter, a bounded number of attempts and an overall deadline.
///
/// This is a pure value: ``decision(after:attempt:elapsed:random:)`` takes everything it needs as
/// arguments (including the random number), so tests step it without clocks or sockets. The
/// driver that sleeps and re-sends is ``RetryingExecutor``.
///
/// Full jitter (as AWS's architecture blog describes it): the delay before retry *n* (n ≥ 1) is
/// uniformly random in `[0, min(maxDelay, baseDelay × 2^(n-1))]`.
public struct RetryPolicy: Sendable, Equatable {
    /// What the policy decided after a failed attempt.
    public enum Decision: Sendable, Equatable {
        /// Wait this long, then try again.
        case retry(after: Duration)
        /// Stop and report the failure.
        case giveUp(reason: String)
    }

    /// The maximum number of attempts, the first one included (1 = never retry).
    public var maxAttempts: Int
    /// The backoff cap for the first retry; it doubles for each further retry.
    public var baseDelay: Duration
    /// The largest backoff cap.
    public var maxDelay: Duration
    /// The overall time budget from the first attempt; no retry is scheduled that would start
    /// after it. `nil` means attempts alone bound the work.
    public var deadline: Duration?

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: attempts in total, at least 1.
    ///   - baseDelay: the backoff cap of the first retry.
    ///   - maxDelay: the largest backoff cap.
    ///   - deadline: the overall budget, or `nil`.
    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, deadline: Duration?) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.deadline = deadline
    }

    /// 4 attempts, 100 ms base, 20 s cap, 60 s overall.
    public static let `default` = RetryPolicy(
        maxAttempts: 4,
        baseDelay: .milliseconds(100),
        maxDelay: .seconds(20),
        deadline: .seconds(60)
    )

    /// A single attempt, never retried.
    public static let none = RetryPolicy(maxAttempts: 1, baseDelay: .zero, maxDelay: .zero, deadline: nil)

    /// The backoff cap before retry number `retry` (1 for the first retry).
    /// - Parameter retry: the 1-based retry number.
    /// - Returns: `min(maxDelay, baseDelay × 2^(retry-1))`.
    public func backoffCap(retry: Int) -> Duration {
        let exponent = min(max(retry - 1, 0), 62)
        let base = Self.seconds(baseDelay)
        let capped = min(Self.seconds(maxDelay), base * Double(UInt64(1) << UInt64(exponent)))
        return Self.duration(seconds: capped)
    }

    /// Decides what to do after attempt number `attempt` failed.
    /// - Parameters:
    ///   - failure: how the attempt failed.
    ///   - attempt: the 1-based number of the attempt that just failed.
    ///   - elapsed: time since the first attempt started.
    ///   - random: a number in `[0, 1)`; the delay is `random × backoffCap(retry: attempt)`.
    /// - Returns: ``Decision/retry(after:)`` or ``Decision/giveUp(reason:)``.
    public func decision(
        after failure: RetryableFailure, attempt: Int, elapsed: Duration, random: Double
    )
        -> Decision
    {
        guard failure.isRetryable else {
            return .giveUp(reason: "\(failure) is not retryable")
        }
        guard attempt < maxAttempts else {
            return .giveUp(reason: "\(attempt) of \(maxAttempts) attempts used")
        }
        let unit = random.isFinite ? min(max(random, 0), 1) : 0
        let delay = Self.duration(seconds: Self.seconds(backoffCap(retry: attempt)) * unit)
        if let deadline, elapsed + delay >= deadline {
            return .giveUp(reason: "the \(deadline) deadline would pass before the next attempt")
        }
        return .retry(after: delay)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private static func duration(seconds: Double) -> Duration {
        .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
