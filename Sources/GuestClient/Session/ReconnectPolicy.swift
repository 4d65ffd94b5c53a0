/// When to try again after a lost connection: exponential backoff with full jitter.
///
/// The delay before attempt `n` (0-based) is uniformly random in `0 ... min(cap, base × 2ⁿ)`
/// ("full jitter"), so a fleet of clients that lost the same server does not come back in step.
///
/// Defaults, against the Genesys Messenger transport SDK (which retries every 5 s for 5 minutes,
/// 60 attempts, with no jitter): a 1 s base, a 30 s cap and 24 attempts give an expected total
/// wait of about five minutes too, but the first retries come sooner (a Wi-Fi → mobile switch
/// takes a second, not five) and later ones spread out instead of arriving in lockstep.
public struct ReconnectPolicy: Sendable, Equatable {
    /// The first delay's upper bound.
    public var base: Duration
    /// No delay exceeds this.
    public var cap: Duration
    /// Attempts after which the session gives up (`nil`: never).
    public var maxAttempts: Int?

    /// Creates a policy.
    public init(base: Duration = .seconds(1), cap: Duration = .seconds(30), maxAttempts: Int? = 24) {
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// The upper bound of the delay before attempt `attempt` (0-based): `min(cap, base × 2^attempt)`.
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt, 0), 30)
        let grown = base * (1 << exponent)
        return grown < cap ? grown : cap
    }

    /// The delay before attempt `attempt`, drawn with `random` (a value in `0 ..< 1`).
    public func delay(attempt: Int, random: Double) -> Duration {
        let fraction = min(max(random, 0), 1)
        return ceiling(attempt: attempt) * fraction
    }

    /// Whether attempt `attempt` (0-based) may still be made.
    public func allows(attempt: Int) -> Bool {
        maxAttempts.map { attempt < $0 } ?? true
    }
}
