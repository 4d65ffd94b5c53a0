/// Exponential backoff for events that must come back later (scanner unreachable, object busy):
/// `initial × 2^(attempt−1)`, capped at `maximum`.
public struct RetryBackoff: Sendable, Hashable {
    /// The delay after the first failed attempt.
    public var initial: Duration
    /// The longest delay.
    public var maximum: Duration

    /// Creates a backoff.
    public init(initial: Duration = .seconds(5), maximum: Duration = .seconds(300)) {
        self.initial = initial
        self.maximum = max(maximum, initial)
    }

    /// The delay before delivery number `attempt + 1`, given that delivery `attempt` failed.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt, 1) - 1, 30)
        let delay = initial * (1 << exponent)
        return min(delay, maximum)
    }
}
