/// A fixed-window request rate limit: at most ``maxRequests`` per ``windowSeconds`` per connection.
public struct RateLimit: Sendable, Equatable, Codable {
    /// Requests allowed per window.
    public var maxRequests: Int
    /// The window length in seconds.
    public var windowSeconds: Double

    /// Creates a limit.
    ///
    /// - Parameters:
    ///   - maxRequests: requests allowed per window (default 60).
    ///   - windowSeconds: the window length (default 10 s).
    public init(maxRequests: Int = 60, windowSeconds: Double = 10) {
        self.maxRequests = maxRequests
        self.windowSeconds = windowSeconds
    }
}
